/**
 * Records mirroring the JSON of the MicroStrategy Library REST API, with the vendor's field names.
 * Unknown fields are ignored, so newer servers that add fields still parse.
 */
package io.metaingest.connectors.microstrategy.api;
