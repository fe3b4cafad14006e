/**
 * The connector contract of metaingest.
 *
 * <p>A connector implements one {@link io.metaingest.api.ServiceSpec} and the step classes it names
 * ({@link io.metaingest.api.Source}, optionally {@link io.metaingest.api.Processor} and friends). Steps
 * exchange the immutable create-request records of {@link io.metaingest.api.entity}, whose JSON field
 * names are OpenMetadata's. This module depends only on Jackson's annotations, {@code jakarta.inject}
 * and the SLF4J API: the runtime shares exactly these parent-first with every plugin, so keeping the
 * list short is what lets two plugins bring different versions of everything else.
 */
package io.metaingest.api;
