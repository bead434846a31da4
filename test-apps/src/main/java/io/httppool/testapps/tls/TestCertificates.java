package io.httppool.testapps.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test PKI made with the JDK's keytool, once per directory and reused afterwards:
 * <ul>
 *   <li>{@link Authority#MAIN}: a CA, a server certificate for {@code CN=localhost}
 *       (SAN {@code dns:localhost, ip:127.0.0.1}) and the client certificates of {@link ClientIdentity}</li>
 *   <li>{@link Authority#OTHER}: an unrelated CA with its own {@code localhost} server certificate, for
 *       "does not trust that server" tests</li>
 * </ul>
 * All stores are PKCS12 with password {@link #PASSWORD}. Safe to call from several threads and JVMs at once.
 */
public final class TestCertificates {

  public static final String PASSWORD = "changeit";
  public static final String STORE_TYPE = "PKCS12";

  /** Bump when the set or shape of the files changes, so that stale directories are regenerated. */
  private static final String COMPLETE_MARKER = ".complete-v1";
  private static final Object IN_PROCESS_LOCK = new Object();

  /** A certificate authority and the server certificate it issued. */
  public enum Authority {
    MAIN("", "httppool test CA"),
    OTHER("other-", "httppool other test CA");

    private final String filePrefix;
    private final String commonName;

    Authority(String filePrefix, String commonName) {
      this.filePrefix = filePrefix;
      this.commonName = commonName;
    }

    public String commonName() {
      return commonName;
    }

    String filePrefix() {
      return filePrefix;
    }

    String truststoreFile() {
      return filePrefix + "ca-truststore.p12";
    }

    String serverKeystoreFile() {
      return filePrefix + "server-keystore.p12";
    }

    String caCertificateFile() {
      return filePrefix + "ca.pem";
    }
  }

  /** A client certificate issued by {@link Authority#MAIN}. */
  public enum ClientIdentity {
    CLIENT_A("client-a"),
    CLIENT_B("client-b");

    private final String commonName;

    ClientIdentity(String commonName) {
      this.commonName = commonName;
    }

    public String commonName() {
      return commonName;
    }

    /** The subject as the server reports it, e.g. {@code CN=client-a}. */
    public String subjectDn() {
      return "CN=" + commonName;
    }

    String keystoreFile() {
      return commonName + "-keystore.p12";
    }
  }

  private final Path directory;

  private TestCertificates(Path directory) {
    this.directory = directory;
  }

  /** The certificates in {@code directory}, generated first if they are not all there yet. */
  public static TestCertificates in(Path directory) {
    try {
      Files.createDirectories(directory);
      synchronized (IN_PROCESS_LOCK) {
        try (FileChannel lockFile = FileChannel.open(directory.resolve(".lock"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           FileLock ignored = lockFile.lock()) {
          if (!Files.exists(directory.resolve(COMPLETE_MARKER))) {
            generateInto(directory);
          }
        }
      }
      return new TestCertificates(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create test certificates in " + directory, e);
    }
  }

  public Path directory() {
    return directory;
  }

  /** Trusts exactly the CA of {@code authority}. */
  public Path truststore(Authority authority) {
    return directory.resolve(authority.truststoreFile());
  }

  /** Key and chain of the {@code localhost} server certificate issued by {@code authority}. */
  public Path serverKeystore(Authority authority) {
    return directory.resolve(authority.serverKeystoreFile());
  }

  /** The CA certificate of {@code authority}, PEM. */
  public Path caCertificate(Authority authority) {
    return directory.resolve(authority.caCertificateFile());
  }

  public Path clientKeystore(ClientIdentity client) {
    return directory.resolve(client.keystoreFile());
  }

  public String password() {
    return PASSWORD;
  }

  /** Presents the server certificate of {@code authority}; verifies client certificates against that CA. */
  public SSLContext serverContext(Authority authority) {
    return sslContext(serverKeystore(authority), truststore(authority));
  }

  /** Trusts only {@code trusted}; presents no client certificate. */
  public SSLContext clientContext(Authority trusted) {
    return sslContext(null, truststore(trusted));
  }

  /** Trusts only {@code trusted}; presents the certificate of {@code identity}. */
  public SSLContext clientContext(Authority trusted, ClientIdentity identity) {
    return sslContext(clientKeystore(identity), truststore(trusted));
  }

  private static SSLContext sslContext(Path keystore, Path truststore) {
    try {
      KeyManager[] keyManagers = null;
      if (keystore != null) {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keystore), PASSWORD.toCharArray());
        keyManagers = keys.getKeyManagers();
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(truststore));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build an SSLContext from " + keystore + " and " + truststore, e);
    }
  }

  private static KeyStore load(Path store) throws GeneralSecurityException {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keyStore = KeyStore.getInstance(STORE_TYPE);
      keyStore.load(in, PASSWORD.toCharArray());
      return keyStore;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + store, e);
    }
  }

  /** Generates in a scratch directory and moves only the finished stores in, so no half-made file is seen. */
  private static void generateInto(Path directory) throws IOException {
    Path scratch = Files.createTempDirectory(directory, ".generating-");
    try {
      new CertificateGenerator(scratch).generate();
      for (String file : publishedFiles()) {
        Files.move(scratch.resolve(file), directory.resolve(file), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
      Files.createFile(directory.resolve(COMPLETE_MARKER));
    } finally {
      deleteRecursively(scratch);
    }
  }

  private static List<String> publishedFiles() {
    List<String> files = new ArrayList<>();
    for (Authority authority : Authority.values()) {
      files.add(authority.truststoreFile());
      files.add(authority.serverKeystoreFile());
      files.add(authority.caCertificateFile());
    }
    for (ClientIdentity client : ClientIdentity.values()) {
      files.add(client.keystoreFile());
    }
    return files;
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
