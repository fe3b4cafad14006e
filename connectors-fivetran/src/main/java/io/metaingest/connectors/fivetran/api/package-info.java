/**
 * Records mirroring the JSON of Fivetran's REST API v1 (field names exactly as the vendor spells
 * them). They carry no logic beyond small accessors; unknown fields are ignored so that additions
 * on the vendor side do not break ingestion.
 */
package io.metaingest.connectors.fivetran.api;
