package io.metaingest.runtime.registry;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin folder: child-first for everything except the packages shared with
 * the runtime ({@link #SHARED_PREFIXES}), which always come from the parent so that a plugin and the
 * runtime agree on the contract's classes.
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

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notInPlugin) {
                    loaded = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
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
