package io.metaingest.toolkit;

/**
 * The totals a paged listing's pages reported (dbt Cloud's {@code total_count}, MicroStrategy's
 * {@code totalItems}), so that {@link DistinctItems} can tell a listing that shifted while it was read.
 * Package-private: implemented by {@link OffsetPaging}'s iterator.
 */
interface ReportedTotals {

    /** The total the first page that had one reported, or null when no page did. */
    Long firstTotal();

    /** The total the last page read reported, or null when no page did. */
    Long lastTotal();
}
