package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kinds of stored procedure. */
public enum StoredProcedureType {
    /** StoredProcedure. */
    @JsonProperty("StoredProcedure")
    STORED_PROCEDURE,
    /** Function. */
    @JsonProperty("Function")
    FUNCTION,
    /** UDF. */
    @JsonProperty("UDF")
    UDF,
    /** StoredPackage. */
    @JsonProperty("StoredPackage")
    STORED_PACKAGE
}
