package io.github.mcpsessions.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.state.StateHandle;
import io.github.mcpsessions.state.StateHandles;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * The promises of state handles, on every store: each store module extends this class and
 * supplies an empty store for handles.
 */
public abstract class StateHandlesContract {

	private static final String ALICE = "user:alice";

	private static final String BOB = "user:bob";

	/** A store holding no handles of this test. */
	protected abstract SessionRepository handleStore();

	/** The clock handles run on; stores that expire records themselves need the real time. */
	protected MutableClock clock() {
		return this.clock;
	}

	private final MutableClock clock = MutableClock.atRealTime();

	private StateHandles handles(SessionRepository store) {
		return StateHandles.builder(store).idleTimeout(Duration.ofHours(1)).clock(clock()).build();
	}

	@Test
	void aMintedHandleResolvesToItsStateForItsOwner() {
		StateHandles handles = handles(handleStore());

		StateHandle cart = handles.mint(ALICE, "cart", Map.of("currency", "EUR"));

		StateHandle resolved = handles.resolve(ALICE, "cart", cart.id()).orElseThrow();
		assertThat(resolved.get("currency")).contains("EUR");
		assertThat(resolved.kind()).isEqualTo("cart");
		assertThat(cart.id()).matches("cart_[A-Za-z0-9_-]{32}");
		assertThat(handles.mint(ALICE, "cart", Map.of()).id()).isNotEqualTo(cart.id());
	}

	@Test
	void foreignUnknownOtherKindAndMalformedHandlesAllResolveToNothing() {
		StateHandles handles = handles(handleStore());
		StateHandle cart = handles.mint(ALICE, "cart", Map.of());

		assertThat(handles.resolve(BOB, "cart", cart.id())).isEmpty();
		assertThat(handles.resolve((String) null, "cart", cart.id())).isEmpty();
		assertThat(handles.resolve(ALICE, "cart", "cart_" + "A".repeat(32))).isEmpty();
		assertThat(handles.resolve(ALICE, "order", cart.id())).isEmpty();
		assertThat(handles.resolve(ALICE, "cart", "cart_'; DROP TABLE x; --")).isEmpty();
		assertThat(handles.resolve(ALICE, "cart", 42)).isEmpty();
		assertThat(handles.resolve(ALICE, "cart", null)).isEmpty();
	}

	@Test
	void anUnboundHandleResolvesForAnyoneHoldingIt() {
		StateHandles handles = handles(handleStore());
		StateHandle ticket = handles.mint((String) null, "ticket", Map.of("seat", "12A"));

		assertThat(handles.resolve(BOB, "ticket", ticket.id()).orElseThrow().get("seat")).contains("12A");
	}

	@Test
	void keysAreWrittenOneByOneAndRemoved() {
		StateHandles handles = handles(handleStore());
		StateHandle cart = handles.mint(ALICE, "cart", Map.of("a", "1"));

		cart.put("b", "2");
		cart.remove("a");

		assertThat(handles.resolve(ALICE, "cart", cart.id()).orElseThrow().asMap()).containsExactly(Map.entry("b", "2"));
		assertThatThrownBy(() -> cart.put("mcp:kind", "x")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> handles.mint(ALICE, "Cart!", Map.of())).hasMessageContaining("kind");
	}

	@Test
	void twoReplicasUpdatingDifferentKeysLoseNothing() throws Exception {
		SessionRepository store = handleStore();
		StateHandles replicaA = handles(store);
		StateHandles replicaB = handles(store);
		String id = replicaA.mint(ALICE, "cart", Map.of()).id();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> writers = new ArrayList<>();
		try {
			for (int w = 0; w < 8; w++) {
				StateHandles replica = w % 2 == 0 ? replicaA : replicaB;
				int writer = w;
				writers.add(pool.submit(() -> {
					start.await();
					StateHandle cart = replica.resolve(ALICE, "cart", id).orElseThrow();
					for (int i = 0; i < 20; i++) {
						cart.put("item-" + writer + "-" + i, "1");
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> writer : writers) {
				writer.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(replicaB.resolve(ALICE, "cart", id).orElseThrow().asMap()).hasSize(160);
	}

	@Test
	void aHandleExpiresWhenIdleAndUseKeepsItAlive() {
		StateHandles handles = handles(handleStore());
		StateHandle kept = handles.mint(ALICE, "cart", Map.of());
		StateHandle idle = handles.mint(ALICE, "cart", Map.of());

		clock().advance(Duration.ofMinutes(50));
		assertThat(handles.resolve(ALICE, "cart", kept.id())).isPresent();
		clock().advance(Duration.ofMinutes(50));

		assertThat(handles.resolve(ALICE, "cart", idle.id())).isEmpty();
		assertThat(handles.resolve(ALICE, "cart", kept.id())).isPresent();
	}

	@Test
	void aDeletedHandleResolvesForNobody() {
		StateHandles handles = handles(handleStore());
		StateHandle cart = handles.mint(ALICE, "cart", Map.of());

		cart.delete();

		assertThat(handles.resolve(ALICE, "cart", cart.id())).isEmpty();
	}

	@Test
	void theAnswerToAnUnresolvedHandleTellsTheModelWhatToDo() {
		McpSchema.CallToolResult answer = StateHandles.unknown("cart", "call cart_open to start a new cart");

		assertThat(answer.isError()).isTrue();
		assertThat(((McpSchema.TextContent) answer.content().get(0)).text())
			.isEqualTo("No cart with that id is open for you (it may have expired or been closed); "
					+ "call cart_open to start a new cart.");
		assertThat(StateHandles.argumentSchema("cart", "cart_open")).containsEntry("type", "string")
			.containsKey("pattern");
	}

}
