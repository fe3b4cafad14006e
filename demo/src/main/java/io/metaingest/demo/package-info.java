/**
 * The demo database behind {@code metaingest demo}: an embedded PostgreSQL 15 with a bundled sample
 * shop (four schemas, 30+ tables, partitioned, foreign and materialized relations, views, an enum,
 * a domain, arrays, json, policies, a procedure and an overloaded function) and a short query
 * workload recorded by {@code pg_stat_statements}. This module knows nothing about connectors: it
 * writes OpenMetadata-format workflow files and the CLI runs them through the runtime.
 */
package io.metaingest.demo;
