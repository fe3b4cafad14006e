/**
 * Secret masking: {@link io.metaingest.runtime.mask.SecretMasker}, the one component every output
 * path uses (console, logs, report, record files, error messages, {@code test-connection}), and
 * {@link io.metaingest.runtime.mask.MaskingOutputStream}, which applies it to a text stream line by
 * line. Its own package because both the runner ({@code exec}) and the sinks ({@code sink}) use it.
 */
package io.metaingest.runtime.mask;
