package io.httppool.testapps.frameworks;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.apache.v2.ApacheHttpTransport;

/** Google HTTP Client with {@code ApacheHttpTransport} (Apache HttpClient 4.5) built per call, never shut down. */
final class GoogleApacheCall extends GoogleNetHttpCall {

  @Override
  HttpTransport transport() {
    return new ApacheHttpTransport();
  }
}
