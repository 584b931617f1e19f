package org.peerwave.engine.metainfo;

/**
 * An inclusive range of file indices, as in the {@code so} (select only) parameter of a magnet link
 * (BEP 53). A single index {@code 4} is the range {@code 4-4}.
 *
 * @param first the first file index, zero or more
 * @param last the last file index, inclusive, not less than {@code first}
 */
public record FileRange(int first, int last) {

    public FileRange {
        if (first < 0) {
            throw new IllegalArgumentException("a file index cannot be negative: " + first);
        }
        if (last < first) {
            throw new IllegalArgumentException("file range " + first + "-" + last + " ends before it starts");
        }
    }

    /** The range holding only {@code index}. */
    public static FileRange of(int index) {
        return new FileRange(index, index);
    }

    /** True when {@code first <= index <= last}. */
    public boolean contains(int index) {
        return index >= first && index <= last;
    }

    /** How many indices the range holds. */
    public long size() {
        return (long) last - first + 1;
    }

    /** The BEP 53 form: {@code "4"} for a single index, {@code "4-6"} for a range. */
    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
