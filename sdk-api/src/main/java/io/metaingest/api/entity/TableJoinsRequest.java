package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import java.util.List;

/**
 * OpenMetadata's {@code TableJoins} for one table and day ({@code PUT /v1/tables/{id}/joins}): which
 * columns of other tables (and of the table itself) its columns were joined with, and how often. The
 * {@code table} names the table for a file sink; the REST sink sends the rest as the body, by the table's id.
 *
 * @param table the table
 * @param startDate the day, {@code yyyy-MM-dd} (the server takes the last 30 days only)
 * @param dayCount the days counted from {@code startDate}: 1
 * @param columnJoins per column, the columns it was joined with
 * @param directTableJoins tables joined other than on columns; OpenMetadata's usage workflow sends none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableJoinsRequest(EntityReference table, String startDate, int dayCount, List<ColumnJoins> columnJoins,
                                List<JoinedWith> directTableJoins) implements EntityRequest {

    /** Copies the lists. */
    public TableJoinsRequest {
        columnJoins = List.copyOf(columnJoins);
        directTableJoins = List.copyOf(directTableJoins);
    }

    @Override
    public String entityType() {
        return "tableJoins";
    }

    /** {@code <table FQN>@<day>}, as a day's usage is named. */
    @Override
    public String key() {
        return table.fullyQualifiedName() + "@" + startDate;
    }

    /**
     * OpenMetadata's {@code columnJoins}: one column of the table and what it was joined with.
     *
     * @param columnName the column's name (not its FQN)
     * @param joinedWith the columns it was joined with, by FQN, with how many joins each
     */
    public record ColumnJoins(String columnName, List<JoinedWith> joinedWith) {

        /** Copies the list. */
        public ColumnJoins {
            joinedWith = List.copyOf(joinedWith);
        }
    }

    /**
     * OpenMetadata's {@code joinedWith}: an entity (a column, or a table for a direct join) and a count.
     *
     * @param fullyQualifiedName the joined column's (or table's) FQN
     * @param joinCount how many joins with it the day saw
     */
    public record JoinedWith(String fullyQualifiedName, int joinCount) {
    }
}
