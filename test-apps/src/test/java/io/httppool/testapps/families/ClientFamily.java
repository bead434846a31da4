package io.httppool.testapps.families;

/**
 * The client families the agent manages, as the tests name them; each has a JUnit tag of the same name on its
 * tests ({@link OkHttpFamily}, ...) and {@link #readmeName()} is its row in README's "Supported clients" table.
 */
public enum ClientFamily {
  OKHTTP("OkHttp"),
  APACHE4("Apache HttpClient 4.x"),
  APACHE5("Apache HttpClient 5.x"),
  URLCONNECTION("`HttpURLConnection`"),
  JDKHTTP("`java.net.http.HttpClient`");

  private final String readmeName;

  ClientFamily(String readmeName) {
    this.readmeName = readmeName;
  }

  public String readmeName() {
    return readmeName;
  }
}
