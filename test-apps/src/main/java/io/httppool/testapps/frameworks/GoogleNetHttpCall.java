package io.httppool.testapps.frameworks;

import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;

/**
 * Google HTTP Client with {@code NetHttpTransport} (HttpURLConnection) built per call; the body is read with
 * {@code parseAsString()} and the response disconnected in {@code finally}, as its javadoc asks.
 */
class GoogleNetHttpCall implements FrameworkCall {

  HttpTransport transport() {
    return new NetHttpTransport();
  }

  @Override
  public Outcome fetch(String base, int index) throws Exception {
    HttpResponse response = transport().createRequestFactory()
        .buildGetRequest(new GenericUrl(FrameworksApp.url(base, index))).execute();
    try {
      return new Outcome(response.getStatusCode(), response.parseAsString());
    } finally {
      response.disconnect();
    }
  }

  @Override
  public Outcome fromFailure(Exception failure) {
    if (failure instanceof HttpResponseException http) {
      return new Outcome(http.getStatusCode(), http.getContent());
    }
    return null;
  }
}
