package io.plumbline.detectors.format;

/**
 * The header every format opens with: its {@link FormatTag} magic (4 bytes), then the format version (1 byte).
 * Magic and version are checked here and nowhere else, so every format refuses foreign bytes, an unknown
 * version and a cut-off header with the same message: what it expected, what it found, and the versions this
 * build reads.
 */
public final class FormatHeader {
    /** Magic and version byte. */
    public static final int LENGTH = 5;

    private FormatHeader() {
    }

    /** A writer that holds the header of {@code format} at {@code version}, for the payload to follow. */
    public static BinaryWriter writer(FormatTag format, int version) {
        if (version < 0 || version > 0xFF) {
            throw new IllegalArgumentException("a format version is a byte, got " + version);
        }
        BinaryWriter out = new BinaryWriter();
        out.bytes(format.magic());
        out.u8(version);
        return out;
    }

    /** Reads and checks the header of a format that has only ever had {@code version}. */
    public static void read(BinaryReader in, int version) {
        read(in, version, version);
    }

    /**
     * Reads and checks the header of the reader's format, refusing versions outside [oldest, newest];
     * returns the version. Throws IllegalArgumentException naming the format and what was wrong.
     */
    public static int read(BinaryReader in, int oldestVersion, int newestVersion) {
        FormatTag format = in.format();
        if (in.remaining() < LENGTH) {
            throw new IllegalArgumentException("not " + format.withArticle() + ": " + in.remaining()
                    + " bytes, too short for the " + LENGTH + "-byte header (\"" + format.magicText() + "\" and a version)");
        }
        byte[] found = in.bytes(4);
        FormatTag foundFormat = FormatTag.ofMagic(found);
        if (foundFormat != format) {
            throw new IllegalArgumentException("not " + format.withArticle() + ": expected magic bytes "
                    + hex(format.magic()) + " (\"" + format.magicText() + "\"), found " + hex(found)
                    + (foundFormat == null ? "" : " (\"" + foundFormat.magicText() + "\", the magic of "
                            + foundFormat.withArticle() + ")"));
        }
        int version = in.u8();
        if (version < oldestVersion || version > newestVersion) {
            throw new IllegalArgumentException("unsupported " + format.formatName() + " format version " + version
                    + ": this reader knows " + (oldestVersion == newestVersion ? "version " + newestVersion
                            : "versions " + oldestVersion + " to " + newestVersion));
        }
        return version;
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(String.format("%02X", b & 0xFF));
        }
        return s.toString();
    }
}
