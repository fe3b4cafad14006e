package io.metaingest.api.entity;

/** A column's own constraint. */
public enum ColumnConstraint {
    /** NULL. */
    NULL,
    /** NOT_NULL. */
    NOT_NULL,
    /** UNIQUE. */
    UNIQUE,
    /** PRIMARY_KEY. */
    PRIMARY_KEY
}
