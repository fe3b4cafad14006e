package io.metaingest.api.entity;

/** Kinds of table constraint. */
public enum ConstraintType {
    /** UNIQUE. */
    UNIQUE,
    /** PRIMARY_KEY. */
    PRIMARY_KEY,
    /** FOREIGN_KEY. */
    FOREIGN_KEY,
    /** SORT_KEY. */
    SORT_KEY,
    /** DIST_KEY. */
    DIST_KEY
}
