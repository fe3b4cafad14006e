/**
 * The {@code metaingest} command. It assembles the runtime with the connectors it finds on its class
 * path and in the plugin directory (the distribution's {@code plugins/} by default) and never names a
 * connector class. Exit codes: 0 success or partial success, 1 failed, 2 invalid configuration or
 * unknown service type, 3 connection failure.
 */
package io.metaingest.cli;
