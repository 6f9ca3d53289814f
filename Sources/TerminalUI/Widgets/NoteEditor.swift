import StudyCore

/// A small modal editor for the user's note on an item (a memory aid), drawn over the screen.
///
/// Keys: letters, digits, spaces and punctuation are typed (`q` and `?` too), Backspace takes
/// the last character back, Ctrl-U clears, Enter saves and Esc cancels. Saving an empty note
/// deletes it. A note holds at most `ItemNotes.maxLength` characters; more is not taken.
public struct NoteEditor: Sendable, Hashable {
    /// What the user decided.
    public enum Outcome: Sendable, Hashable {
        /// Save this text; nil deletes the note.
        case saved(String?)
        case cancelled
    }

    /// The item the note belongs to.
    public let itemID: String
    /// The text as typed so far.
    public private(set) var text: String
    /// The note before editing (nil: none).
    public let original: String?

    public init(itemID: String, note: String?) {
        self.itemID = itemID
        original = note
        text = note ?? ""
    }

    /// The keys the editor answers to, for the footer and the help overlay. They include `q`,
    /// `?` and Esc so the runtime hands them to the editor instead of going back or showing help.
    public static let keyBindings: [KeyBinding] = [
        KeyBinding(.enter, "save", help: "save the note (an empty note is deleted)"),
        KeyBinding(.escape, "cancel", label: "Esc", help: "close without saving"),
        KeyBinding(.backspace, "delete", label: "Backspace", inFooter: false, help: "take back the last character"),
        KeyBinding(.control("u"), "clear", label: "Ctrl-U", help: "clear the note"),
        KeyBinding([.char("q"), .char("?")], "typed like any letter", label: "q ?", inFooter: false),
    ]

    /// Routes `key` to the editor open in `editor`, if any: nil when none is open. Otherwise
    /// the editor takes the key; once it is saved or cancelled it closes, and a note that
    /// changed is recorded in `notes`, `message` says so and the `.setNote` effect saves it.
    public static func route(_ key: Key, editor: inout NoteEditor?, notes: inout [String: String],
                             message: inout String?) -> [Effect]? {
        guard var open = editor else { return nil }
        guard let outcome = open.handle(key) else { editor = open; return [] }
        editor = nil
        guard case .saved(let text) = outcome, text != notes[open.itemID] else { return [] }
        notes[open.itemID] = text
        message = text == nil ? "Note deleted." : "Note saved."
        return [.setNote(itemID: open.itemID, text: text)]
    }

    /// Applies a key; returns the outcome once the user has saved or cancelled.
    public mutating func handle(_ key: Key) -> Outcome? {
        switch key {
        case .enter: return .saved(ItemNotes.normalized(text))
        case .escape: return .cancelled
        case .backspace, .delete: if !text.isEmpty { text.removeLast() }
        case .control(let c) where c == "U" || c == "u": text = ""
        case .tab: type(" ")
        case .char(let c): type(c)
        default: break
        }
        return nil
    }

    private mutating func type(_ c: Character) {
        guard text.count < ItemNotes.maxLength else { return }
        guard !c.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return }
        text.append(c)
    }

    /// Draws the editor centred in `area` (at most 64 columns wide), clearing what is under it:
    /// the note wrapped (its last 8 lines when long) with a cursor, then the keys.
    public func render(into canvas: inout Canvas, area: Rect) {
        let theme = canvas.theme
        let inner = max(10, min(60, area.width - 8))
        var lines = TextLayout.wrap(text + "▏", width: inner)
        if lines.isEmpty { lines = ["▏"] }
        let room = max(1, min(8, area.height - 8))
        if lines.count > room { lines = Array(lines.suffix(room)) }
        // The box grows with the note, from two rows up to `room`.
        let box = area.centred(Size(width: inner + 4, height: max(2, lines.count) + 5))
        canvas.fill(box, style: theme.text)
        Panel(title: original == nil ? "New note" : "Edit note", status: "\(text.count)/\(ItemNotes.maxLength)").render(into: &canvas, area: box)
        var y = box.y + 2
        for l in lines {
            canvas.write(l, x: box.x + 2, y: y, style: theme.selection, clip: Rect(x: box.x + 2, y: y, width: inner, height: 1))
            y += 1
        }
        let hint = "Enter save · Esc cancel · Ctrl-U clear" + (original == nil ? "" : " · empty deletes")
        canvas.write(TextLayout.truncate(hint, width: inner), x: box.x + 2, y: box.maxY - 2, style: theme.muted)
    }
}
