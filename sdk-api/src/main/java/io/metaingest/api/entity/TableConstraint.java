package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A constraint spanning one or more columns.
 *
 * @param constraintType the kind of constraint
 * @param columns the constrained columns of this table
 * @param referredColumns for a foreign key, the FQNs of the referenced columns
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableConstraint(ConstraintType constraintType, List<String> columns, List<String> referredColumns) {
}
