package io.httppool.agent.core;

/** The client families the agent manages; {@link #id()} is the {@code httppool.client} attribute value. */
public enum Client {
  OKHTTP("okhttp"),
  APACHE4("apache4"),
  APACHE5("apache5"),
  URLCONNECTION("urlconnection"),
  JDKHTTP("jdkhttp");

  private final String id;

  Client(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
