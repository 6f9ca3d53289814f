import CZstd

/// zstd decompression and compression (the system libzstd), for `collection.anki21b`.
enum Zstd {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Decompresses every frame of `input` (their sizes need not be recorded in them).
    static func decompress(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        guard let stream = ZSTD_createDStream() else { throw Failure(description: "cannot start zstd") }
        defer { ZSTD_freeDStream(stream) }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 4)
        let chunk = ZSTD_DStreamOutSize()
        var buffer = [UInt8](repeating: 0, count: chunk)
        var result: Int = 0
        let failure: String? = input.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String? in
            var inBuf = ZSTD_inBuffer(src: raw.baseAddress, size: raw.count, pos: 0)
            repeat {
                let produced = buffer.withUnsafeMutableBytes { out -> (Int, Int) in
                    var outBuf = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                    let rc = ZSTD_decompressStream(stream, &outBuf, &inBuf)
                    return (rc, outBuf.pos)
                }
                if ZSTD_isError(produced.0) != 0 { return String(cString: ZSTD_getErrorName(produced.0)) }
                result = produced.0
                output.append(contentsOf: buffer[0..<produced.1])
                // Output filled the buffer: more may be waiting even with all input read.
                if inBuf.pos >= inBuf.size && produced.1 < chunk { break }
            } while true
            return nil
        }
        if let failure { throw Failure(description: failure) }
        if result != 0 { throw Failure(description: "the compressed data ends too soon") }
        return output
    }

    static func compress(_ input: [UInt8], level: Int32 = 3) -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        var out = [UInt8](repeating: 0, count: bound)
        let n = input.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in ZSTD_compress(dst.baseAddress, bound, src.baseAddress, src.count, level) }
        }
        precondition(ZSTD_isError(n) == 0, "zstd compression failed")
        return Array(out[0..<n])
    }
}
