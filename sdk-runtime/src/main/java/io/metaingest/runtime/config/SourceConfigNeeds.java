package io.metaingest.runtime.config;

import io.metaingest.api.config.SourceConfigType;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which workflow a step belongs to, as far as its injection says: the {@code sourceConfig} record
 * its {@code @Inject} constructor asks for, directly or through the classes it asks for. A run binds
 * only its own workflow's record, so a step that needs another one (a usage workflow's query parser
 * in a metadata workflow) could not be created; the loader says so instead, naming both.
 */
final class SourceConfigNeeds {

    private SourceConfigNeeds() {
    }

    /** The source config type the step's injection needs, if any. */
    static Optional<SourceConfigType> of(Class<?> stepClass) {
        Deque<Class<?>> pending = new ArrayDeque<>(Set.of(stepClass));
        Set<Class<?>> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Class<?> type = pending.pop();
            if (!seen.add(type)) {
                continue;
            }
            for (Class<?> parameter : injectedParameters(type)) {
                Optional<SourceConfigType> config = Arrays.stream(SourceConfigType.values())
                        .filter(t -> t.recordType() == parameter).findFirst();
                if (config.isPresent()) {
                    return config;
                }
                if (!parameter.isInterface() && !parameter.isPrimitive() && !parameter.getName().startsWith("java.")) {
                    pending.push(parameter);
                }
            }
        }
        return Optional.empty();
    }

    private static Class<?>[] injectedParameters(Class<?> type) {
        try {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                for (Annotation annotation : constructor.getAnnotations()) {
                    // jakarta.inject.Inject or com.google.inject.Inject: Guice honours both.
                    if (annotation.annotationType().getSimpleName().equals("Inject")) {
                        return constructor.getParameterTypes();
                    }
                }
            }
        } catch (LinkageError e) {
            // A class that cannot be inspected here is reported by the run's injector, as before.
        }
        return new Class<?>[0];
    }
}
