package io.github.mcpsessions.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TestMcpServer;

/** Handles through real tool calls: bound to the authenticated user, else to the session; per-user state outlives sessions. */
class StateHandlesOverHttpTest {

	private final StateHandles handles = StateHandles.builder(new InMemorySessionRepository()).build();

	private TestMcpServer server;

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void aUsersHandleWorksInHerOtherSessionsAndIsUnknownToAnyoneElse() {
		this.server = TestMcpServer.builder(new InMemorySessionRepository()).ownerBinding().stateHandles(this.handles).start();
		Map<String, String> alice = Map.of(TestMcpServer.OWNER_HEADER, "alice");
		Map<String, String> bob = Map.of(TestMcpServer.OWNER_HEADER, "bob");
		String aliceFirst = RawMcpHttp.initialize(this.server.url(), alice);
		String aliceSecond = RawMcpHttp.initialize(this.server.url(), alice);
		String bobs = RawMcpHttp.initialize(this.server.url(), bob);
		String cartId = text(call(aliceFirst, alice, "cart_open", Map.of()));

		String added = call(aliceSecond, alice, "cart_add", Map.of("cart_id", cartId, "item", "book"));
		String stolen = call(bobs, bob, "cart_add", Map.of("cart_id", cartId, "item", "watch"));
		String unknown = call(bobs, bob, "cart_add", Map.of("cart_id", "cart_" + "B".repeat(32), "item", "watch"));

		assertThat(added).contains("added");
		assertThat(stolen).contains("\"isError\":true").contains("No cart with that id is open for you");
		assertThat(text(stolen)).isEqualTo(text(unknown));
		assertThat(text(call(aliceFirst, alice, "cart_show", Map.of("cart_id", cartId)))).isEqualTo("item:book");
	}

	@Test
	void withoutUsersAHandleIsBoundToItsSession() {
		this.server = TestMcpServer.builder(new InMemorySessionRepository()).stateHandles(this.handles).start();
		String first = RawMcpHttp.initialize(this.server.url());
		String second = RawMcpHttp.initialize(this.server.url());
		String cartId = text(call(first, Map.of(), "cart_open", Map.of()));

		assertThat(call(first, Map.of(), "cart_add", Map.of("cart_id", cartId, "item", "pen"))).contains("added");
		assertThat(call(second, Map.of(), "cart_add", Map.of("cart_id", cartId, "item", "pen"))).contains("\"isError\":true");
	}

	@Test
	void perUserStateOutlivesSessions() {
		this.server = TestMcpServer.builder(new InMemorySessionRepository()).ownerBinding().stateHandles(this.handles).start();
		Map<String, String> alice = Map.of(TestMcpServer.OWNER_HEADER, "alice");
		Map<String, String> bob = Map.of(TestMcpServer.OWNER_HEADER, "bob");

		assertThat(text(call(RawMcpHttp.initialize(this.server.url(), alice), alice, "visit", Map.of()))).isEqualTo("visits=1");
		assertThat(text(call(RawMcpHttp.initialize(this.server.url(), alice), alice, "visit", Map.of()))).isEqualTo("visits=2");
		assertThat(text(call(RawMcpHttp.initialize(this.server.url(), bob), bob, "visit", Map.of()))).isEqualTo("visits=1");
	}

	private String call(String sessionId, Map<String, String> headers, String tool, Map<String, String> arguments) {
		return RawMcpHttp.post(this.server.url(), sessionId, RawMcpHttp.toolCall(7, tool, arguments), headers).body();
	}

	/** The first text content of an SSE or JSON tools/call answer. */
	private static String text(String body) {
		return body.replaceAll("(?s).*?\"text\":\"((?:[^\"\\\\]|\\\\.)*)\".*", "$1");
	}

}
