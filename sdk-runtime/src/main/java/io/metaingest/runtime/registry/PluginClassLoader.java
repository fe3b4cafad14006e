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

    /** Package prefixes loaded parent-first; everything else is looked up in the plugin first. */
    public static final List<String> SHARED_PREFIXES = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.",
            "io.metaingest.api.",
            "com.fasterxml.jackson.",
            "jakarta.inject.",
            "org.slf4j.");

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
