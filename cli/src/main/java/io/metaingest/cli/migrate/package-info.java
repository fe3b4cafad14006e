/**
 * {@code metaingest migrate}: rewrites 1.5-shaped workflow files into the 1.6 shape by editing their
 * text at the places the YAML parser's node marks give, so comments, key order, quoting and
 * {@code ${VAR}} references survive. The rules are not written here: they come from facts stated
 * once elsewhere (former service type names on each {@code ServiceSpec}, retired fields in the
 * schemas' {@code x-removedProperties}, renamed filter names a connector declares).
 */
package io.metaingest.cli.migrate;
