/**
 * The {@code sourceConfig.config} records of OpenMetadata 1.6 and {@code workflowConfig}, with
 * OpenMetadata's defaults applied to absent fields. Sources inject the one of their workflow kind.
 * Unknown fields are ignored when binding because the runtime has already rejected them with a
 * precise message while validating against the JSON Schema.
 */
package io.metaingest.api.config;
