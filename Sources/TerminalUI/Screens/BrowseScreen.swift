import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Browse: every item of the track in a list under a search box (`/` to type: words,
/// `"phrases"`, `domain:`, `tag:`, `is:due|new|suspended|flagged|leech`, `note:`), each row
/// with its area and the matched words highlighted; Enter opens an item to read it (when it
/// is due, in words, and the user's note), where `s` suspends or unsuspends, `f` flags or
/// unflags, `-` buries until tomorrow, `r` resets it (asks first), `u` undoes the last of
/// these changes and `n` writes or edits the note; an imported card of a personal deck can
/// also be edited (`e`) or removed (`x`, asks first).
public struct BrowseScreen: Screen {
    public let id = "browse"
    public private(set) var items: [StudyItem]
    let trackID: String
    let areaNames: [String: String]
    /// Each leaf area id with its parent domain id, for `domain:`.
    let areaIDs: [String: [String]]
    public private(set) var states: [String: ItemState]
    let due: Set<String>
    public private(set) var query: String
    public private(set) var typing = false
    public private(set) var problem: String?
    public private(set) var shown: [Int] = []
    public private(set) var list = ListState()
    /// The item open for reading (index into `items`).
    public private(set) var open: Int?
    var confirmReset: ConfirmDialog?
    var confirmRemove: ConfirmDialog?
    /// The editor of the open personal card, while editing.
    public private(set) var editor: CardEditor?
    /// The note being written (`n` on an open item), if any.
    public private(set) var noteEditor: NoteEditor?
    /// The user's notes by item id, for `note:` and the open item; kept current as notes are written.
    public private(set) var notes: [String: String]
    private var visible = 16
    /// Now and the study day, for "due tomorrow" and for burying; nil in a preview.
    let now: Date?
    let day: StudyDay?
    /// Changes made here, newest last, with the state before, for `u`.
    private var undoStack: [(itemID: String, before: ItemState?)] = []
    /// What the last key did ("Suspended. u undoes it."), until the next key.
    public private(set) var message: String?
    /// The parsed search, for highlighting.
    private var parsed = BrowseQuery()

    public init(items: [StudyItem], track: Track, states: [String: ItemState], due: Set<String>, query: String = "",
                now: Date? = nil, day: StudyDay? = nil, notes: [String: String] = [:]) {
        self.notes = notes
        self.now = now
        self.day = day
        self.items = items.filter { $0.domains[track.id] != nil }
        trackID = track.id
        areaNames = Dictionary(track.allAreas.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var ids: [String: [String]] = [:]
        for d in track.domains {
            ids[d.id] = [d.id]
            for s in d.subdomains { ids[s.id] = [s.id, d.id] }
        }
        areaIDs = ids
        self.states = states
        self.due = due
        self.query = query
        search()
    }

    public var title: String { "Browse" }
    public var status: String { "\(shown.count) of \(items.count) items" }

    public var keyBindings: [KeyBinding] {
        if confirmReset != nil || confirmRemove != nil { return ConfirmDialog.keyBindings }
        if editor != nil { return CardEditor.keyBindings }
        if noteEditor != nil { return NoteEditor.keyBindings }
        if typing {
            return [KeyBinding([.enter, .escape], "search", label: "Enter"),
                    KeyBinding(.backspace, "delete", label: "Backspace", inFooter: false),
                    KeyBinding([.char("q"), .char("?")], "typed like any letter", label: "q ?", inFooter: false)]
        }
        if let open {
            var keys = [KeyBinding(.char("s"), "suspend/unsuspend"), KeyBinding(.char("f"), "flag/unflag")]
                + (day != nil && now != nil ? [KeyBinding(.char("-"), "bury", help: "bury until tomorrow")] : [])
                + [KeyBinding(.char("r"), "reset", help: "reset: forget the progress on this item (asks first)"),
                   KeyBinding(.char("u"), "undo", inFooter: !undoStack.isEmpty, help: "undo the last suspend, flag, bury or reset"),
                   KeyBinding([.char("n"), .char("N")], "note", label: "n", help: "write or edit your note on this item")]
            if Self.isPersonal(items[open]) {
                keys += [KeyBinding(.char("e"), "edit", help: "edit this imported card's front, back and tags"),
                         KeyBinding(.char("x"), "remove", help: "remove this imported card from its deck (asks first)")]
            }
            return keys + [KeyBinding([.escape, .char("q")], "list", label: "Esc", help: "back to the list")]
        }
        return [KeyBinding(.char("/"), "search", help: "search: words, domain:ID, tag:TAG, is:due|new|suspended|flagged|leech, note:"),
                KeyBinding([.up, .down, .pageUp, .pageDown], "move", label: "↑/↓"),
                KeyBinding(.enter, "open")]
    }

    mutating func search() {
        do {
            let q = try BrowseQuery.parse(query)
            parsed = q
            problem = nil
            shown = items.indices.filter { i in
                let item = items[i]
                let area = item.domains[trackID] ?? ""
                return q.matches(item, areaIDs: areaIDs[area] ?? [area], state: states[item.id], isDue: due.contains(item.id),
                                 note: notes[item.id])
            }
        } catch {
            problem = error.description
        }
        list = ListState()
    }

    public mutating func update(_ event: Event) -> [Effect] {
        switch event {
        case .resize(let size): visible = max(1, size.height - 4); return []
        case .key(let key): return handle(key)
        default: return []
        }
    }

    /// A card of a personal deck (imported), which Browse can edit and remove.
    static func isPersonal(_ item: StudyItem) -> Bool {
        if case .flashcard(let f) = item { return f.id.hasPrefix("my-") }
        return false
    }

    private mutating func handle(_ key: Key) -> [Effect] {
        if var dialog = confirmRemove {
            guard let outcome = dialog.handle(key) else { confirmRemove = dialog; return [] }
            confirmRemove = nil
            guard outcome == .confirmed, let i = open else { return [] }
            let id = items[i].id
            items.remove(at: i)
            states[id] = nil
            open = nil
            search()
            return [.removePersonalCard(itemID: id)]
        }
        if var edit = editor, let i = open, case .flashcard(var card) = items[i] {
            guard let outcome = edit.handle(key) else { editor = edit; return [] }
            editor = nil
            guard case .saved(let front, let back, let tags) = outcome else { return [] }
            card.front = front; card.back = back; card.tags = tags
            items[i] = .flashcard(card)
            return [.editPersonalCard(itemID: card.id, front: front, back: back, tags: tags)]
        }
        if var dialog = confirmReset {
            guard let outcome = dialog.handle(key) else { confirmReset = dialog; return [] }
            confirmReset = nil
            guard outcome == .confirmed, let i = open else { return [] }
            undoStack.append((items[i].id, states[items[i].id]))
            states[items[i].id] = nil
            message = "Reset: it is a new item again. u undoes it."
            return [.setItemState(itemID: items[i].id, state: nil)]
        }
        if let effects = NoteEditor.route(key, editor: &noteEditor, notes: &notes, message: &message) { return effects }
        message = nil
        if typing {
            switch key {
            case .enter, .escape: typing = false; search()
            case .backspace: if !query.isEmpty { query.removeLast() }; search()
            case .char(let c): query.append(c); search()
            default: break
            }
            return []
        }
        if let i = open {
            let id = items[i].id
            switch key {
            case .escape, .char("q"):
                open = nil
                // A note written or deleted here may change what the search finds.
                if parsed.hasNote { let keep = list.selected; search(); list.selected = min(keep, max(0, shown.count - 1)) }
            case .char("n"), .char("N"):
                noteEditor = NoteEditor(itemID: id, note: notes[id])
            case .char("s"), .char("f"), .char("-"):
                var st = states[id] ?? ItemState(card: .new(at: now ?? Date(timeIntervalSince1970: 0)))
                switch key {
                case .char("s"):
                    st.flags.suspended.toggle()
                    message = (st.flags.suspended ? "Suspended." : "Unsuspended.") + " u undoes it."
                case .char("f"):
                    st.flags.flagged.toggle()
                    message = (st.flags.flagged ? "Flagged." : "Flag removed.") + " u undoes it."
                default:
                    guard let day, let now else { return [] }
                    st.flags.buriedUntil = day.endOfDay(containing: now)
                    message = "Buried until tomorrow. u undoes it."
                }
                undoStack.append((id, states[id]))
                states[id] = st
                return [.setItemState(itemID: id, state: st)]
            case .char("u"):
                guard let last = undoStack.popLast() else { message = "Nothing to undo."; return [] }
                states[last.itemID] = last.before
                message = "Undone."
                return [.setItemState(itemID: last.itemID, state: last.before)]
            case .char("r"):
                confirmReset = ConfirmDialog(title: "Reset", message: "Forget all progress on this item? It becomes a new item.",
                                             confirmLabel: "Reset", cancelLabel: "Keep")
            case .char("e"):
                if case .flashcard(let f) = items[i], Self.isPersonal(items[i]) {
                    editor = CardEditor(front: f.front, back: f.back, tags: f.tags)
                }
            case .char("x"):
                if case .flashcard(let f) = items[i], Self.isPersonal(items[i]) {
                    confirmRemove = ConfirmDialog(title: "Remove", message: "Remove this card from your deck \(f.deck)? Its review history stays in the log.",
                                                  confirmLabel: "Remove", cancelLabel: "Keep")
                }
            default: break
            }
            return []
        }
        switch key {
        case .char("/"): typing = true
        case .enter: if shown.indices.contains(list.selected) { open = shown[list.selected] }
        default: _ = list.handle(key, count: shown.count, visible: visible)
        }
        return []
    }

    /// The flags of an item in a few characters: `S` suspended, `F` flagged, `L` leech, `N` new, `D` due.
    func marks(_ item: StudyItem) -> String {
        let s = states[item.id]
        var out = ""
        if s?.card.isNew ?? true { out += "N" } else if due.contains(item.id) { out += "D" }
        if s?.flags.suspended ?? false { out += "S" }
        if s?.flags.flagged ?? false { out += "F" }
        if s?.flags.leech ?? false { out += "L" }
        return out
    }

    public func render(into canvas: inout Canvas) {
        let theme = canvas.theme
        let w = canvas.width
        if let i = open {
            if let editor {
                editor.render(into: &canvas, y: 0)
                return
            }
            renderItem(items[i], into: &canvas)
            if let confirmReset { confirmReset.render(into: &canvas, area: canvas.bounds) }
            if let confirmRemove { confirmRemove.render(into: &canvas, area: canvas.bounds) }
            if let noteEditor { noteEditor.render(into: &canvas, area: canvas.bounds) }
            return
        }
        canvas.write("Search: ", x: 2, y: 0, style: theme.text)
        canvas.write("[ " + TextLayout.pad(query + (typing ? "▏" : ""), width: w - 16) + " ]", x: 10, y: 0,
                     style: typing ? theme.selection : theme.text)
        if let problem { canvas.write(TextLayout.truncate(problem, width: w - 4), x: 2, y: 1, style: theme.warning) }
        else { canvas.write("N new · D due · S suspended · F flagged · L leech", x: 2, y: 1, style: theme.muted) }
        let rows = canvas.height - 3
        var offset = list.offset
        if list.selected >= offset + rows { offset = list.selected - rows + 1 }
        // The area column grows on a wide terminal; the text takes the rest, matches highlighted.
        let areaWidth = w >= 110 ? 26 : 16
        for (row, k) in (offset..<min(shown.count, offset + rows)).enumerated() {
            let item = items[shown[k]]
            let sel = k == list.selected
            let text: String
            switch item {
            case .question(let q): text = q.stem
            case .flashcard(let f): text = f.front
            }
            let area = areaNames[item.domains[trackID] ?? ""] ?? ""
            let head = (sel ? "▸ " : "  ") + TextLayout.pad(marks(item), width: 3) + " " + TextLayout.pad(TextLayout.truncate(area, width: areaWidth), width: areaWidth) + "  "
            let style = sel ? theme.selection : theme.text
            let y = 3 + row
            canvas.write(head, x: 1, y: y, style: style)
            let x0 = 1 + DisplayWidth.of(head)
            let room = w - 2 - x0
            guard room > 1 else { continue }
            let shownText = TextLayout.truncate(text, width: room)
            canvas.write(shownText, x: x0, y: y, style: style, clip: Rect(x: x0, y: y, width: room, height: 1))
            // Highlight what the search matched (in the part shown).
            let chars = Array(shownText)
            for r in parsed.matchRanges(in: shownText) {
                let prefix = String(chars[0..<r.start])
                let piece = String(chars[r.start..<(r.start + r.length)])
                canvas.write(piece, x: x0 + DisplayWidth.of(prefix), y: y, style: sel ? theme.selection : theme.accent,
                             clip: Rect(x: x0, y: y, width: room, height: 1))
            }
        }
        if shown.isEmpty { canvas.write("No items match.", x: 2, y: 3, style: theme.muted) }
    }

    /// When an item is due, in words ("due tomorrow"), or its full date without a clock.
    func dueText(_ due: Date) -> String {
        guard let day, let now else { return "due " + ISO8601Timestamp.format(due) }
        let label = day.dueLabel(due, at: now)
        return label == "now" ? "due now" : "due " + label
    }

    private func renderItem(_ item: StudyItem, into canvas: inout Canvas) {
        let theme = canvas.theme
        defer {
            if let message { canvas.write(TextLayout.truncate(message, width: canvas.width - 4), x: 2, y: canvas.height - 1, style: theme.warning) }
        }
        var y = 0
        func para(_ text: String, _ style: Style, indent: Int = 2) {
            for l in TextLayout.wrap(text, width: canvas.width - indent - 2) where y < canvas.height {
                canvas.write(l, x: indent, y: y, style: style); y += 1
            }
        }
        var area = areaNames[item.domains[trackID] ?? ""] ?? ""
        if case .flashcard(let f) = item, Self.isPersonal(item) {
            area = "my deck " + f.deck + (area.isEmpty ? "" : " · " + area)
        }
        let s = states[item.id]
        var flags: [String] = []
        if s?.flags.suspended ?? false { flags.append("suspended") }
        if s?.flags.flagged ?? false { flags.append("flagged") }
        if s?.flags.leech ?? false { flags.append("leech (\(s!.flags.lapses) lapses)") }
        if let until = s?.flags.buriedUntil, let now, until > now { flags.append("buried until tomorrow") }
        if s?.card.isNew ?? true { flags.append("new") } else if let due = s?.card.due { flags.append(dueText(due)) }
        let kind: String
        switch item {
        case .flashcard(let f): kind = "flashcard · \(f.deck)"
        case .question(let q): kind = q.kind == .order ? "order question" : "question"
        }
        para(([area, kind] + flags).filter { !$0.isEmpty }.joined(separator: " · "), theme.muted, indent: 1)
        y += 1
        switch item {
        case .question(let q):
            para(q.stem, theme.text)
            y += 1
            if q.kind == .order {
                for (i, step) in q.steps.enumerated() { para("\(i + 1). \(step)", theme.text, indent: 4) }
            } else {
                for (i, c) in q.choices.enumerated() {
                    // The key's mark and the letter, then the text with a hanging indent.
                    let style = i == q.answer ? theme.good : theme.text
                    let head = (i == q.answer ? "✓ " : "  ") + ["A", "B", "C", "D", "E", "F"][min(i, 5)] + "  "
                    for (k, l) in TextLayout.wrap(c, width: canvas.width - 10).enumerated() where y < canvas.height {
                        canvas.write((k == 0 ? head : "     ") + l, x: 2, y: y, style: style); y += 1
                    }
                }
            }
            y += 1
            para(q.explanation, theme.muted)
        case .flashcard(let f):
            para(f.front, theme.text)
            y += 1
            para(f.back, theme.text)
        }
        if let note = notes[item.id] {
            y += 1
            for (k, part) in note.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                para((k == 0 ? "✎ Your note: " : "  ") + part, theme.accent)
            }
        }
    }
}
