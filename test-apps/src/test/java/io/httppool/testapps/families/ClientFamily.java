package io.httppool.testapps.families;

/**
 * The client families the agent manages, as the tests name them; each has a JUnit tag of the same name on its
 * tests ({@link OkHttpFamily}, ...) and {@link #readmeName()} is its row in README's "Supported clients" table.
 */
public enum ClientFamily {
  OKHTTP("OkHttp"),
  APACHE4("Apache HttpClient 4.x"),
  /**
   * HttpAsyncClient 4.1.x: the agent reports it as {@code apache4} and its tests carry the apache4 tag, but it is
   * its own library, with its own jar sets and its own agent package ({@code instrumentation/apache4async}).
   */
  APACHE4ASYNC("Apache HttpAsyncClient 4.x"),
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
