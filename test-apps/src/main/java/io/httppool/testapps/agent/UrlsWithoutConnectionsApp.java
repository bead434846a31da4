package io.httppool.testapps.agent;

import java.net.URL;
import javax.crypto.Cipher;

/**
 * Makes http and https URLs without opening any, and initializes the JDK's cryptography, whose provider check makes
 * such a URL itself (as every application that starts TLS does): no HttpURLConnection is ever opened.
 */
public final class UrlsWithoutConnectionsApp {
  private UrlsWithoutConnectionsApp() {}

  public static void main(String[] args) throws Exception {
    URL plain = new URL("http://example.invalid/path");
    URL secure = new URL("https://example.invalid/path");
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    System.out.println("RESULT urls=" + plain.getProtocol() + "," + secure.getProtocol());
    System.out.println("RESULT cipher=" + cipher.getAlgorithm());
  }
}
