package dev.cairn.node.storage.mvcc;

/** A consistent view of the store that ranges can be read from. */
public interface MvccReadView {
    /** The newest revision this view sees. */
    long revision();

    /**
     * Reads the keys of {@code range} as of {@code atRevision} ({@code <= 0} for the newest).
     *
     * @param limit the most values to return, {@code <= 0} for all
     * @param countOnly count the keys without reading any value
     * @throws dev.cairn.node.error.EtcdException COMPACTED below the compact revision, FUTURE_REV past the newest
     */
    RangeResult range(KeyRange range, long atRevision, long limit, boolean countOnly);
}
