/**
 * The dbt Cloud connector: not implemented yet. Until it is, this module has no {@code ServiceSpec}
 * and no discovery marker, so nothing registers it as a working connector.
 */
package io.metaingest.connectors.dbtcloud;
