package io.metaingest.runtime.registry;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin folder: the packages shared with the runtime
 * ({@link #SHARED_PREFIXES}) always come from the parent, so that a plugin and the runtime agree on the
 * contract's classes; every other class comes from the plugin's own jars or not at all, so a plugin
 * that lacks a library fails where its author can see it, not only where the runtime lacks it too.
 */
public final class PluginClassLoader extends URLClassLoader {

    /**
     * A library the runtime shares with every plugin: its packages load parent-first, and a plugin's
     * folder must not carry its artifacts. The one declaration of both facts: the plugin assembly
     * ({@code build/connector-plugin.xml}) excludes exactly these artifacts, and a test holds it to that.
     *
     * @param packagePrefix the packages, e.g. {@code org.slf4j.}
     * @param artifacts the Maven artifacts that hold them, as the assembly names them ({@code org.slf4j:*})
     */
    public record SharedLibrary(String packagePrefix, String artifacts) {
    }

    /** The libraries shared with plugins: the contract, and what its types expose. */
    public static final List<SharedLibrary> SHARED_LIBRARIES = List.of(
            new SharedLibrary("io.metaingest.api.", "io.metaingest:sdk-api"),
            new SharedLibrary("com.fasterxml.jackson.", "com.fasterxml.jackson.core:*"),
            new SharedLibrary("jakarta.inject.", "jakarta.inject:*"),
            new SharedLibrary("org.slf4j.", "org.slf4j:*"));

    /** Package prefixes loaded parent-first (the JDK's and the shared libraries'); the rest plugin-first. */
    public static final List<String> SHARED_PREFIXES = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("java.", "javax.", "jdk.", "sun.", "com.sun."),
            SHARED_LIBRARIES.stream().map(SharedLibrary::packagePrefix)).toList();

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final String pluginName;

    /** Creates a loader over the plugin's jars. */
    public PluginClassLoader(String pluginName, URL[] jars, ClassLoader parent) {
        super("plugin-" + pluginName, jars, parent);
        this.pluginName = pluginName;
    }

    /** The plugin folder's name. */
    public String pluginName() {
        return pluginName;
    }

    static boolean isShared(String name) {
        for (String prefix : SHARED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * metaingest's own packages that are not part of the plugin API: the contract ({@code io.metaingest.api})
     * is shared and the toolkit ({@code io.metaingest.toolkit}) travels inside each plugin; these never load
     * in a plugin, whatever jar it carries, so a plugin that uses them fails at once with the fix. (The test
     * kit's package is not among them: the kit's own test connectors live under it and are loaded as plugins.)
     */
    static final List<String> INTERNAL_PREFIXES = List.of("io.metaingest.runtime.", "io.metaingest.openmetadata.",
            "io.metaingest.cli.");

    static boolean isInternal(String name) {
        for (String prefix : INTERNAL_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return super.loadClass(name, resolve);
        }
        if (isInternal(name)) {
            throw new NotInPlugin(internal(name), null);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notInPlugin) {
                    // Not from the parent: a plugin that runs only because the runtime happens to
                    // ship a library breaks when the runtime's copy changes or goes.
                    throw new NotInPlugin(missing(name), notInPlugin);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    /** Why {@code className} cannot be loaded by this plugin, and the fix. */
    private String missing(String className) {
        return className + " is not in plugin " + pluginName + "; add the jar that holds it to the plugin's folder"
                + " (a plugin sees its own jars, the JDK and the shared " + SHARED_LIBRARIES.stream()
                .map(SharedLibrary::artifacts).collect(java.util.stream.Collectors.joining(", ")) + ")";
    }

    /** Why a plugin cannot use {@code className}, a class of metaingest's runtime, and the fix. */
    private String internal(String className) {
        return "plugin " + pluginName + " uses " + className + ", a class of metaingest's runtime, which plugins"
                + " cannot use: depend on sdk-api and sdk-toolkit only";
    }

    /** This loader's refusal of a class: a class the plugin lacks, or one of metaingest's runtime. */
    private static final class NotInPlugin extends ClassNotFoundException {
        private static final long serialVersionUID = 1L;

        NotInPlugin(String message, ClassNotFoundException cause) {
            super(message, cause);
        }
    }

    /**
     * The message of the plugin class loader's refusal behind {@code error}, when a plugin's code
     * failed because its folder lacks a class: it names the class, the plugin and the fix, where the
     * JVM's own {@link NoClassDefFoundError} names only the class.
     */
    public static java.util.Optional<String> missingClass(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof NotInPlugin refused) {
                return java.util.Optional.of(refused.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
        urls.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(urls);
    }
}
