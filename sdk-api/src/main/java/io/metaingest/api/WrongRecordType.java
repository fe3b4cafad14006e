package io.metaingest.api;

import java.lang.reflect.Modifier;

/**
 * A record handed to a step that does not accept its type. Public so that the runtime, which knows
 * which step emitted the record, can name that step and aim the fix at it; the message alone names
 * only the step that refused it.
 */
public final class WrongRecordType extends IllegalArgumentException implements UserFacingMessage {
    private static final long serialVersionUID = 1L;

    private final String step;
    private final String accepted;
    private final String emitted;

    WrongRecordType(String step, Class<?> accepted, Class<?> emitted) {
        super("step '" + step + "' accepts " + typeName(accepted) + " records, not " + typeName(emitted)
                + ": the step before it emits " + typeName(emitted) + " (a connector's mistake, or a processor missing"
                + " that turns one into the other)");
        this.step = step;
        this.accepted = typeName(accepted);
        this.emitted = typeName(emitted);
    }

    /** The type name of the step that refused the record. */
    public String step() {
        return step;
    }

    /** The record type the step accepts, as {@link #typeName} names it. */
    public String accepted() {
        return accepted;
    }

    /** The refused record's type, as {@link #typeName} names it. */
    public String emitted() {
        return emitted;
    }

    /**
     * A type as a user recognises it: a non-public JDK class ({@code Map.of}'s {@code Map1}) by the
     * public interface it implements ({@code Map}), else its simple name.
     */
    public static String typeName(Class<?> type) {
        Class<?> shown = publicType(type);
        String name = shown.getSimpleName();
        return name.isEmpty() ? shown.getName() : name; // an anonymous or hidden class has no simple name
    }

    private static final java.util.Set<Class<?>> MARKERS = java.util.Set.of(java.io.Serializable.class,
            Cloneable.class, java.util.RandomAccess.class, Comparable.class);

    private static Class<?> publicType(Class<?> type) {
        boolean jdk = type.getName().startsWith("java.") || type.getName().startsWith("jdk.");
        if (!jdk || Modifier.isPublic(type.getModifiers())) {
            return type;
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                // A marker says nothing of what the record is: Map.of's class is Serializable before it is a Map.
                if (Modifier.isPublic(i.getModifiers()) && !MARKERS.contains(i)) {
                    return i;
                }
            }
        }
        return type;
    }
}
