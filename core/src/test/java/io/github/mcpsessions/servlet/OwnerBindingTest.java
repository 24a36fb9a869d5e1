package io.github.mcpsessions.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TestMcpServer;

/** With owner binding, a session answers only its owner; to anyone else it does not exist. */
class OwnerBindingTest {

	private final InMemorySessionRepository store = new InMemorySessionRepository();

	private static Map<String, String> as(String owner) {
		return Map.of(TestMcpServer.OWNER_HEADER, owner);
	}

	@Test
	void anotherOwnerGetsTheSame404AsAnUnknownId() {
		try (TestMcpServer server = TestMcpServer.builder(this.store).ownerBinding().start()) {
			String sessionId = RawMcpHttp.initialize(server.url(), as("alice"));
			assertThat(this.store.findById(sessionId).orElseThrow().owner()).isEqualTo("alice");

			HttpResponse<String> bob = RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(1, "whoami"),
					as("bob"));
			HttpResponse<String> unknown = RawMcpHttp.post(server.url(), SessionIds.generate(),
					RawMcpHttp.toolCall(1, "whoami"), as("bob"));
			HttpResponse<String> anonymous = RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(1, "whoami"));

			assertThat(bob.statusCode()).isEqualTo(404);
			assertThat(bob.body()).isEqualTo(unknown.body());
			assertThat(anonymous.statusCode()).isEqualTo(404);
			assertThat(RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(2, "whoami"), as("alice"))
				.statusCode()).isEqualTo(200);
		}
	}

	@Test
	void anotherOwnerCannotRestoreTheSessionElsewhere() {
		String sessionId;
		try (TestMcpServer first = TestMcpServer.builder(this.store).ownerBinding().start()) {
			sessionId = RawMcpHttp.initialize(first.url(), as("alice"));
		}
		try (TestMcpServer second = TestMcpServer.builder(this.store).ownerBinding().start()) {
			HttpResponse<String> bob = RawMcpHttp.post(second.url(), sessionId, RawMcpHttp.toolCall(1, "whoami"),
					as("bob"));

			assertThat(bob.statusCode()).isEqualTo(404);
			assertThat(second.restores()).isZero();
			assertThat(RawMcpHttp.post(second.url(), sessionId, RawMcpHttp.toolCall(2, "whoami"), as("alice"))
				.statusCode()).isEqualTo(200);
			assertThat(second.restores()).isEqualTo(1);
		}
	}

	@Test
	void initializeSentWithSomeoneElsesIdGivesANewSessionOwnedByTheSender() {
		try (TestMcpServer server = TestMcpServer.builder(this.store).ownerBinding().start()) {
			String alices = RawMcpHttp.initialize(server.url(), as("alice"));

			HttpResponse<String> response = RawMcpHttp.post(server.url(), alices, RawMcpHttp.INITIALIZE, as("bob"));

			String bobs = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
			assertThat(bobs).isNotEqualTo(alices);
			assertThat(this.store.findById(bobs).orElseThrow().owner()).isEqualTo("bob");
			assertThat(this.store.findById(alices).orElseThrow().owner()).isEqualTo("alice");
		}
	}

	@Test
	void deleteByAnotherOwnerIsRefused() {
		try (TestMcpServer server = TestMcpServer.builder(this.store).ownerBinding().start()) {
			String sessionId = RawMcpHttp.initialize(server.url(), as("alice"));

			assertThat(RawMcpHttp.delete(server.url(), sessionId, as("bob")).statusCode()).isEqualTo(404);

			assertThat(this.store.findById(sessionId)).isPresent();
		}
	}

}
