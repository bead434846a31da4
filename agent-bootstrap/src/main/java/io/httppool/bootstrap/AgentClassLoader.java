package io.httppool.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent and its dependencies from the {@code inst/} folder of the agent jar, where class files
 * are stored as {@code .classdata} so that no other class loader can see them. Its parent is the
 * platform (or bootstrap) loader: the application's classes are never visible from here.
 */
public final class AgentClassLoader extends ClassLoader {
  static final String PREFIX = "inst/";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain protectionDomain;

  public AgentClassLoader(File agentJar) throws IOException {
    super(platformLoader());
    this.jar = new JarFile(agentJar, false);
    URL url = agentJar.toURI().toURL();
    this.jarUrl = "jar:" + url + "!/";
    this.protectionDomain = new ProtectionDomain(new CodeSource(url, (Certificate[]) null), null, this, null);
  }

  private static ClassLoader platformLoader() {
    try {
      return (ClassLoader) ClassLoader.class.getMethod("getPlatformClassLoader").invoke(null);
    } catch (ReflectiveOperationException java8) {
      return null;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classBytes(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    definePackageOf(name);
    return defineClass(name, bytes, 0, bytes.length, protectionDomain);
  }

  /** The bytes of an agent class, or null; used by loaders that link agent code to a library. */
  public byte[] classBytes(String className) {
    JarEntry entry = jar.getJarEntry(PREFIX + className.replace('.', '/') + ".classdata");
    if (entry == null) {
      return null;
    }
    try (InputStream in = jar.getInputStream(entry)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(entry.getSize(), 512));
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      return null;
    }
  }

  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot <= 0) {
      return;
    }
    String packageName = className.substring(0, dot);
    if (getPackage(packageName) == null) {
      try {
        definePackage(packageName, null, null, null, null, null, null, null);
      } catch (IllegalArgumentException concurrentlyDefined) {
        // another thread won the race; the package exists
      }
    }
  }

  @Override
  protected URL findResource(String name) {
    String entryName = PREFIX + (name.endsWith(".class")
        ? name.substring(0, name.length() - ".class".length()) + ".classdata"
        : name);
    if (jar.getJarEntry(entryName) == null) {
      return null;
    }
    try {
      return new URL(jarUrl + entryName);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.<URL>emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
  }
}
