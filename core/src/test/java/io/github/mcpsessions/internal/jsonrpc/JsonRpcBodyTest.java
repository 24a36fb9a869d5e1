package io.github.mcpsessions.internal.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class JsonRpcBodyTest {

	@Test
	void requestsNotificationsAndAnswersAreMessages() {
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"a\":[1,{\"b\":null}]}}"))
			.isEqualTo(new JsonRpcBody(true, "tools/call", false, "1", null));
		assertThat(read("{\"params\":{\"arguments\":{\"name\":\"no\"},\"name\":\"slow\"},\"method\":\"tools/call\",\"id\":2}"))
			.isEqualTo(new JsonRpcBody(true, "tools/call", false, "2", "slow"));
		assertThat(read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
			.isEqualTo(new JsonRpcBody(true, "notifications/initialized", false));
		assertThat(read(" {\"jsonrpc\":\"2.0\",\"id\":\"x\\\"y\",\"result\":{\"roots\":[]}} "))
			.isEqualTo(new JsonRpcBody(true, null, true, "\"x\\\"y\"", null));
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-1,\"message\":\"no\"}}"))
			.isEqualTo(new JsonRpcBody(true, null, true, "7", null));
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"x\"}").id()).isNull();
	}

	@Test
	void anythingElseIsNoMessage() {
		for (String body : new String[] { "", "[]", "[{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}]", "\"text\"", "42",
				"{\"jsonrpc\":\"2.0\",\"id\":1}", "{\"method\":7}", "{\"method\":\"ping\"", "{\"method\":\"ping\"} {}",
				"{\"method\":\"ping\"} x", "not json", "{\"method\":\"ping\",}", "{\"a\":" + "[".repeat(2000) }) {
			assertThat(read(body).isMessage()).as(body).isFalse();
		}
		assertThat(read("{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + ",\"method\":\"ping\"}").isMessage())
			.as("nested deeper than Jackson's default limit, as the SDK's parse refuses it")
			.isFalse();
		assertThat(JsonRpcBody.read(null).isMessage()).isFalse();
	}

	@Test
	void answersAreToldFromRequestsAndNotifications() {
		assertThat(JsonRpcBody.isAnswer("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}")).isTrue();
		assertThat(JsonRpcBody.isAnswer("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"error\":{\"code\":-1}}")).isTrue();
		assertThat(JsonRpcBody.isAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}"))
			.isFalse();
		assertThat(JsonRpcBody.isAnswer("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"sampling/createMessage\"}")).isFalse();
		assertThat(JsonRpcBody.isAnswer("{\"id\":{\"result\":1},\"method\":\"x\"}")).isFalse();
		for (String other : new String[] { "", "[]", "not json", "{\"id\":1}", "{\"id\":" }) {
			assertThat(JsonRpcBody.isAnswer(other)).as(other).isFalse();
		}
	}

	private static JsonRpcBody read(String body) {
		return JsonRpcBody.read(body.getBytes(StandardCharsets.UTF_8));
	}

}
