package io.metaingest.api.quality;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.metaingest.api.Fqn;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenMetadata's entity link naming what a test case tests: a table ({@code <#E::table::FQN>}) or one
 * of its columns ({@code <#E::table::FQN::columns::column>}).
 *
 * @param tableFqn the table's FQN, {@code service.database.schema.table}
 * @param columnName the column, or null for a table test
 */
public record EntityLink(String tableFqn, String columnName) {

    private static final Pattern LINK = Pattern.compile("<#E::table::(.+?)(?:::columns::(.+))?>");

    /** Rejects a missing table. */
    public EntityLink {
        Objects.requireNonNull(tableFqn, "tableFqn");
    }

    /** A link to a table. */
    public static EntityLink table(String tableFqn) {
        return new EntityLink(tableFqn, null);
    }

    /**
     * Parses {@code <#E::table::FQN>} or {@code <#E::table::FQN::columns::col>}.
     *
     * @throws IllegalArgumentException naming the expected shapes
     */
    @JsonCreator
    public static EntityLink parse(String link) {
        Matcher m = link == null ? null : LINK.matcher(link.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("entityLink '" + link + "' is not <#E::table::service.database.schema.table>"
                    + " or <#E::table::service.database.schema.table::columns::column>");
        }
        return new EntityLink(m.group(1), m.group(2));
    }

    /**
     * What a test case defined in a workflow tests: its {@code entityLink} when given (with {@code columnName} as its
     * column when the link names none), else {@code columnName} (or the whole table) of the suite's table
     * {@code suiteTable}; empty when neither names a table.
     *
     * @throws IllegalArgumentException when {@code entityLink} is not a link ({@link #parse})
     */
    public static Optional<EntityLink> of(String entityLink, String columnName, String suiteTable) {
        if (entityLink != null) {
            EntityLink link = parse(entityLink);
            return Optional.of(link.columnName() == null && columnName != null ? new EntityLink(link.tableFqn(), columnName)
                    : link);
        }
        return suiteTable == null ? Optional.empty() : Optional.of(new EntityLink(suiteTable, columnName));
    }

    /** The column, for a column test. */
    public Optional<String> column() {
        return Optional.ofNullable(columnName);
    }

    /**
     * The table FQN's parts: service, database, schema, table.
     *
     * @throws IllegalArgumentException when the FQN does not have those four parts
     */
    public List<String> tableParts() {
        List<String> parts = Fqn.split(tableFqn);
        if (parts.size() != 4) {
            throw new IllegalArgumentException("table '" + tableFqn + "' is not service.database.schema.table");
        }
        return parts;
    }

    /** The service name: the table FQN's first part. */
    public String serviceName() {
        return Fqn.split(tableFqn).get(0);
    }

    /** The link as OpenMetadata writes it. */
    @JsonValue
    @Override
    public String toString() {
        return "<#E::table::" + tableFqn + (columnName == null ? "" : "::columns::" + columnName) + ">";
    }
}
