/**
 * Records mirroring the JSON of dbt Cloud's Administrative API v2 ({@code data} of the
 * {@code {status, data, extra}} envelope) and of the Discovery API's job query, with the vendor's
 * field names. Ids are read as strings: they exceed JavaScript's safe integers and the connection
 * names them as strings. Unknown fields are ignored so vendor additions do not break ingestion.
 */
package io.metaingest.connectors.dbtcloud.api;
