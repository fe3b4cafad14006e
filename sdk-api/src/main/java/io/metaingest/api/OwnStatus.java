package io.metaingest.api;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks the injector for the {@link Status} of the step being created, rather than the source's:
 * {@code @Inject MySink(@OwnStatus Status own, ...)}. What a step records there (a warning for a
 * record it wrote only in part, say) is counted under that step in the summary, the report and
 * OpenMetadata's pipeline status. Records are counted by the runtime; a step records only warnings,
 * filtered entities and failures the runtime cannot see. An unqualified {@link Status} is the
 * source's, whatever step asks for it.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface OwnStatus {
}
