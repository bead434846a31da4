package io.httppool.testapps.frameworks;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;

/** A JAX-RS client (Jersey, default connector: HttpURLConnection), {@code ClientBuilder.newClient()} per request. */
final class JerseyCall implements FrameworkCall {

  @Override
  public Outcome fetch(String base, int index) {
    Client client = ClientBuilder.newClient();
    try {
      String body = client.target(base).path("fw/" + index).request().get(String.class);
      return new Outcome(200, body);
    } finally {
      client.close();
    }
  }

  /** Jersey closes the response before it throws, so the exception carries the status but no readable body. */
  @Override
  public Outcome fromFailure(Exception failure) {
    if (failure instanceof WebApplicationException web) {
      return new Outcome(web.getResponse().getStatus(), null);
    }
    return null;
  }
}
