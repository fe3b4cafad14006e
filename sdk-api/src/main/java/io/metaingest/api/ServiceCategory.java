package io.metaingest.api;

/** The kind of service a connector talks to, as OpenMetadata groups services. */
public enum ServiceCategory {
    /** Relational databases and warehouses (Postgres, ...). */
    DATABASE,
    /** Orchestrators and ELT tools (Fivetran, dbt Cloud, ...). */
    PIPELINE,
    /** BI tools (MicroStrategy, ...). */
    DASHBOARD,
    /** Message brokers. */
    MESSAGING,
    /** ML model registries. */
    ML_MODEL,
    /** Object stores. */
    STORAGE,
    /** Search engines. */
    SEARCH,
    /** API services. */
    API
}
