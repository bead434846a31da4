package io.httppool.testapps.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Creates every file of {@link TestCertificates} in an empty directory, by running keytool. */
final class CertificateGenerator {

  private static final String VALIDITY_DAYS = "3650";
  private static final String SERVER_NAMES = "san=dns:localhost,ip:127.0.0.1";

  private final Path directory;
  private final Keytool keytool;

  CertificateGenerator(Path directory) {
    this.directory = directory;
    this.keytool = new Keytool(directory);
  }

  void generate() throws IOException {
    // keytool is a JVM start per step: run independent chains side by side
    ExecutorService parallel = Executors.newFixedThreadPool(2);
    try {
      Map<TestCertificates.Authority, CompletableFuture<Void>> authorities =
          new EnumMap<>(TestCertificates.Authority.class);
      List<CompletableFuture<Void>> leaves = new ArrayList<>();
      for (TestCertificates.Authority authority : TestCertificates.Authority.values()) {
        CompletableFuture<Void> ca = CompletableFuture.runAsync(unchecked(() -> createAuthority(authority)),
            parallel);
        authorities.put(authority, ca);
        leaves.add(ca.thenRunAsync(unchecked(() -> issueServerCertificate(authority)), parallel));
      }
      for (TestCertificates.ClientIdentity client : TestCertificates.ClientIdentity.values()) {
        leaves.add(authorities.get(TestCertificates.Authority.MAIN)
            .thenRunAsync(unchecked(() -> issueClientCertificate(client)), parallel));
      }
      CompletableFuture.allOf(leaves.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
    } finally {
      parallel.shutdownNow();
    }
  }

  private void createAuthority(TestCertificates.Authority authority) throws IOException {
    Path privateStore = caPrivateStore(authority);
    keytool.run("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + authority.commonName(), "-validity", VALIDITY_DAYS,
        "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign",
        "-keystore", privateStore.toString(), "-storetype", TestCertificates.STORE_TYPE,
        "-storepass", TestCertificates.PASSWORD);
    keytool.run("-exportcert", "-rfc", "-alias", "ca", "-file", caPem(authority).toString(),
        "-keystore", privateStore.toString(), "-storepass", TestCertificates.PASSWORD);
    keytool.run("-importcert", "-noprompt", "-alias", "ca", "-file", caPem(authority).toString(),
        "-keystore", directory.resolve(authority.truststoreFile()).toString(),
        "-storetype", TestCertificates.STORE_TYPE, "-storepass", TestCertificates.PASSWORD);
  }

  private void issueServerCertificate(TestCertificates.Authority authority) throws IOException {
    issue(authority, directory.resolve(authority.serverKeystoreFile()), "localhost",
        "eku=serverAuth", SERVER_NAMES);
  }

  private void issueClientCertificate(TestCertificates.ClientIdentity client) throws IOException {
    issue(TestCertificates.Authority.MAIN, directory.resolve(client.keystoreFile()), client.commonName(),
        "eku=clientAuth");
  }

  /** Key pair in {@code keystore}, certificate signed by {@code authority}, chain (leaf, CA) installed. */
  private void issue(TestCertificates.Authority authority, Path keystore, String commonName, String... extensions)
      throws IOException {
    String name = keystore.getFileName().toString().replace(".p12", "");
    Path request = directory.resolve(name + ".csr");
    Path certificate = directory.resolve(name + ".pem");
    Path chain = directory.resolve(name + "-chain.pem");
    keytool.run("-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + commonName, "-validity", VALIDITY_DAYS,
        "-keystore", keystore.toString(), "-storetype", TestCertificates.STORE_TYPE,
        "-storepass", TestCertificates.PASSWORD);
    keytool.run("-certreq", "-alias", "key", "-file", request.toString(),
        "-keystore", keystore.toString(), "-storepass", TestCertificates.PASSWORD);
    List<String> signing = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-rfc",
        "-infile", request.toString(), "-outfile", certificate.toString(), "-validity", VALIDITY_DAYS,
        "-ext", "ku:c=digitalSignature", "-keystore", caPrivateStore(authority).toString(),
        "-storepass", TestCertificates.PASSWORD));
    for (String extension : extensions) {
      signing.add("-ext");
      signing.add(extension);
    }
    keytool.run(signing.toArray(String[]::new));
    Files.writeString(chain, Files.readString(certificate) + Files.readString(caPem(authority)));
    keytool.run("-importcert", "-noprompt", "-alias", "key", "-file", chain.toString(),
        "-keystore", keystore.toString(), "-storepass", TestCertificates.PASSWORD);
  }

  private Path caPrivateStore(TestCertificates.Authority authority) {
    return directory.resolve(authority.filePrefix() + "ca-private.p12");
  }

  private Path caPem(TestCertificates.Authority authority) {
    return directory.resolve(authority.caCertificateFile());
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static Runnable unchecked(IoAction action) {
    return () -> {
      try {
        action.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }
}
