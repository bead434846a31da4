package io.httppool.testapps.apppools;

import io.httppool.testapps.Workload;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.ServerRequest;
import io.httppool.testapps.server.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A DynamoDB endpoint for one operation, {@code GetItem} (JSON 1.0 protocol: {@code POST /}, the operation in
 * {@code X-Amz-Target}): it answers the item whose string key {@code id} was asked for, with a {@code payload}
 * that is a function of the key alone, and the {@code x-amz-crc32} of the body, as DynamoDB does.
 */
public final class DynamoDbRoutes {

  public static final String TABLE = "accept13";
  static final String JSON_1_0 = "application/x-amz-json-1.0";
  private static final String GET_ITEM = "DynamoDB_20120810.GetItem";
  private static final Pattern KEY = Pattern.compile("\"id\"\\s*:\\s*\\{\\s*\"S\"\\s*:\\s*\"([^\"]*)\"");

  private DynamoDbRoutes() {}

  public static LocalHttpServer.Builder install(LocalHttpServer.Builder builder) {
    return builder.route("POST", "/", DynamoDbRoutes::answer);
  }

  /** The key of call {@code index}. */
  static String key(int index) {
    return "item-" + index;
  }

  /** What the server stores under {@code key}: a few dozen bytes that differ per key. */
  static String payload(String key) {
    return "payload of " + key + " #" + Integer.toHexString(key.hashCode());
  }

  /** The digest a {@link DynamoDbPerCallApp} run of {@code calls} calls prints when it saw what was sent. */
  public static String expectedDigest(int calls) {
    Workload.Digest digest = new Workload.Digest(calls);
    for (int i = 0; i < calls; i++) {
      digest.record(i, 200, item(key(i), payload(key(i))));
    }
    return digest.hex();
  }

  /** How the app records an item it read, for its digest. */
  static byte[] item(String id, String payload) {
    return (id + "\n" + payload).getBytes(StandardCharsets.UTF_8);
  }

  private static ServerResponse answer(ServerRequest request) {
    String target = request.header("X-Amz-Target").orElse("");
    Matcher key = KEY.matcher(new String(request.body(), StandardCharsets.UTF_8));
    if (!target.equals(GET_ITEM) || !key.find()) {
      return json(400, "{\"__type\":\"com.amazon.coral.validate#ValidationException\","
          + "\"message\":\"this endpoint answers GetItem with a string key id only\"}");
    }
    String id = key.group(1);
    return json(200, "{\"Item\":{\"id\":{\"S\":\"" + id + "\"},\"payload\":{\"S\":\"" + payload(id) + "\"}}}");
  }

  private static ServerResponse json(int status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return ServerResponse.bytes(status, JSON_1_0, bytes)
        .withHeader("x-amz-crc32", Long.toString(crc.getValue()))
        .withHeader("x-amzn-RequestId", Integer.toHexString(body.hashCode()));
  }
}
