package io.httppool.testapps.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Harness;
import io.httppool.testapps.tls.TestCertificates.Authority;
import io.httppool.testapps.tls.TestCertificates.ClientIdentity;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
@Harness
class TestCertificatesTest {

  @Test
  void concurrentCallersShareOneGenerationThatLaterCallsReuse(@TempDir Path directory) throws Exception {
    CompletableFuture<TestCertificates> first = CompletableFuture.supplyAsync(() -> TestCertificates.in(directory));
    CompletableFuture<TestCertificates> second = CompletableFuture.supplyAsync(() -> TestCertificates.in(directory));
    TestCertificates certificates = first.join();
    second.join();
    FileTime generated = Files.getLastModifiedTime(certificates.truststore(Authority.MAIN));

    TestCertificates.in(directory);

    assertEquals(generated, Files.getLastModifiedTime(certificates.truststore(Authority.MAIN)));
    assertEquals(List.of(), leftovers(directory));
    X509Certificate server = leafOf(certificates.serverKeystore(Authority.MAIN));
    assertEquals("CN=localhost", server.getSubjectX500Principal().getName());
    assertEquals("CN=" + Authority.MAIN.commonName(), server.getIssuerX500Principal().getName());
    assertTrue(server.getSubjectAlternativeNames().toString().contains("127.0.0.1"));
    X509Certificate otherServer = leafOf(certificates.serverKeystore(Authority.OTHER));
    assertEquals("CN=" + Authority.OTHER.commonName(), otherServer.getIssuerX500Principal().getName());
    X509Certificate clientB = leafOf(certificates.clientKeystore(ClientIdentity.CLIENT_B));
    assertEquals(ClientIdentity.CLIENT_B.subjectDn(), clientB.getSubjectX500Principal().getName());
  }

  private static X509Certificate leafOf(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance(TestCertificates.STORE_TYPE);
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, TestCertificates.PASSWORD.toCharArray());
    }
    String alias = store.aliases().nextElement();
    assertEquals(2, store.getCertificateChain(alias).length, "leaf and CA");
    return (X509Certificate) store.getCertificate(alias);
  }

  private static List<Path> leftovers(Path directory) throws Exception {
    try (var files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().startsWith(".generating-")).toList();
    }
  }
}
