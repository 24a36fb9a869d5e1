package io.github.mcpsessions.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.mcpsessions.tasks.TaskRecord;
import io.github.mcpsessions.tasks.TaskStatus;
import io.github.mcpsessions.tasks.TaskStore;

/**
 * The promises every {@link TaskStore} keeps: a created task is found at once and whole, an id is
 * created once, changes are compare-and-set (no change is lost to a concurrent one), and tasks are
 * kept until they expire and deleted after. Each store's test extends it.
 */
public abstract class TaskStoreContract {

	/** Now, to the millisecond: stores that expire keys themselves delete a task whose expiry has passed. */
	protected static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

	/** A store; each call may return a new one over the same data. */
	protected abstract TaskStore store();

	/** Whether the store deletes expired tasks by itself (key expiry), so {@link TaskStore#deleteExpired} has nothing to do. */
	protected boolean expiresTasksItself() {
		return false;
	}

	/** Until when the store keeps {@code taskId} by itself, for stores that expire tasks themselves. */
	protected Instant keptUntil(String taskId) {
		throw new UnsupportedOperationException();
	}

	protected static String newId() {
		return "t" + UUID.randomUUID().toString().replace("-", "");
	}

	protected static TaskRecord task(String id) {
		return TaskRecord.created(id, "alice", "slow_compute", "{\"name\":\"slow_compute\",\"arguments\":{\"seconds\":2}}",
				NOW, Duration.ofMinutes(10), Duration.ofSeconds(1), "replica-a", NOW.plusSeconds(10));
	}

	@Test
	void aCreatedTaskIsFoundWhole() {
		TaskStore store = store();
		TaskRecord task = task(newId());

		assertThat(store.create(task)).isTrue();

		assertThat(store.find(task.id())).contains(task);
	}

	@Test
	void anIdIsCreatedOnce() {
		TaskStore store = store();
		TaskRecord task = task(newId());
		store.create(task);
		TaskRecord other = TaskRecord.created(task.id(), "mallory", "greet", "{}", NOW, Duration.ofSeconds(5),
				Duration.ofSeconds(1), null, null);

		assertThat(store.create(other)).isFalse();

		assertThat(store.find(task.id())).contains(task);
	}

	@Test
	void anUnknownIdIsEmpty() {
		TaskStore store = store();

		assertThat(store.find(newId())).isEmpty();
		assertThat(store.find("not a task id at all, with spaces and 'quotes'")).isEmpty();
	}

	@Test
	void everyChangeOfALifeIsStored() {
		TaskStore store = store();
		TaskRecord created = task(newId());
		store.create(created);
		List<TaskRecord> life = new ArrayList<>();
		life.add(created);
		life.add(last(life).withStatusMessage("half way", NOW.plusSeconds(1)));
		life.add(last(life).requiringInput("{\"confirm\":{\"method\":\"elicitation/create\",\"params\":{}}}",
				NOW.plusSeconds(2)));
		life.add(last(life).answered(null, "{\"confirm\":{\"action\":\"accept\"}}", NOW.plusSeconds(3)));
		life.add(last(life).leasedTo("replica-b", NOW.plusSeconds(20)));
		life.add(last(life).withCancelRequested(NOW.plusSeconds(4)));
		life.add(last(life).completed("{\"content\":[{\"type\":\"text\",\"text\":\"done\"}],\"isError\":false}",
				NOW.plusSeconds(5)));

		for (int i = 1; i < life.size(); i++) {
			assertThat(store.replace(life.get(i - 1), life.get(i))).as("change %d", i).isTrue();
			assertThat(store.find(created.id())).contains(life.get(i));
		}
		assertThat(store.find(created.id()).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
	}

	@Test
	void aChangeFromAStaleVersionIsRefused() {
		TaskStore store = store();
		TaskRecord created = task(newId());
		store.create(created);
		TaskRecord cancelled = created.cancelled(NOW.plusSeconds(1));
		TaskRecord failed = created.failed("{\"code\":-32603,\"message\":\"boom\"}", NOW.plusSeconds(1));

		assertThat(store.replace(created, cancelled)).isTrue();
		assertThat(store.replace(created, failed)).isFalse();

		assertThat(store.find(created.id())).contains(cancelled);
	}

	@Test
	void aChangeOfAMissingTaskIsRefused() {
		TaskStore store = store();
		TaskRecord never = task(newId());

		assertThat(store.replace(never, never.withStatusMessage("x", NOW))).isFalse();
		assertThat(store.find(never.id())).isEmpty();
	}

	@Test
	void aReplacementMustBeTheNextVersionOfTheSameTask() {
		TaskStore store = store();
		TaskRecord task = task(newId());
		store.create(task);
		TaskRecord skipping = task.withStatusMessage("a", NOW).withStatusMessage("b", NOW);
		TaskRecord another = task(newId()).withStatusMessage("a", NOW);

		assertThatIllegalArgumentException().isThrownBy(() -> store.replace(task, skipping));
		assertThatIllegalArgumentException().isThrownBy(() -> store.replace(task, another));
		assertThat(store.find(task.id())).contains(task);
	}

	@Test
	void concurrentChangesAreNeverLost() throws Exception {
		TaskStore store = store();
		TaskRecord task = task(newId());
		store.create(task);
		int writers = 4;
		int changesEach = 15;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Integer>> done = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				done.add(pool.submit(() -> {
					start.await();
					int stored = 0;
					while (stored < changesEach) {
						TaskRecord current = store.find(task.id()).orElseThrow();
						if (store.replace(current, current.withStatusMessage("v" + (current.version() + 1), NOW))) {
							stored++;
						}
					}
					return stored;
				}));
			}
			start.countDown();
			for (Future<Integer> writer : done) {
				assertThat(writer.get(60, TimeUnit.SECONDS)).isEqualTo(changesEach);
			}
		}
		finally {
			pool.shutdownNow();
		}
		TaskRecord last = store.find(task.id()).orElseThrow();
		assertThat(last.version()).isEqualTo(writers * changesEach);
		assertThat(last.statusMessage()).isEqualTo("v" + writers * changesEach);
	}

	@Test
	void tasksAreKeptUntilTheyExpireAndDeletedAfter() {
		TaskStore store = store();
		TaskRecord shortLived = TaskRecord.created(newId(), null, "greet", "{}", NOW, Duration.ofMinutes(1),
				Duration.ofSeconds(1), null, null);
		TaskRecord longLived = task(newId());
		store.create(shortLived);
		store.create(longLived);
		if (expiresTasksItself()) {
			assertThat(keptUntil(shortLived.id())).isAfter(shortLived.expiresAt())
				.isBefore(shortLived.expiresAt().plusSeconds(1));
			assertThat(store.deleteExpired(NOW.plus(Duration.ofHours(1)), 100)).isZero();
			return;
		}

		assertThat(store.deleteExpired(shortLived.expiresAt(), 100)).isZero();
		assertThat(store.find(shortLived.id())).isPresent();

		assertThat(store.deleteExpired(shortLived.expiresAt().plusMillis(1), 100)).isEqualTo(1);
		assertThat(store.find(shortLived.id())).isEmpty();
		assertThat(store.find(longLived.id())).contains(longLived);
	}

	@Test
	void deletingExpiredTasksStopsNearItsLimit() {
		TaskStore store = store();
		for (int i = 0; i < 5; i++) {
			store.create(TaskRecord.created(newId(), null, "greet", "{}", NOW, Duration.ofSeconds(1),
					Duration.ofSeconds(1), null, null));
		}
		Instant later = NOW.plusSeconds(5);

		int first = store.deleteExpired(later, 2);

		if (expiresTasksItself()) {
			// the store's keys expire by themselves: deleteExpired has nothing to delete, at any limit
			assertThat(first).isZero();
			assertThat(store.deleteExpired(later, 100)).isZero();
			return;
		}
		assertThat(first).isBetween(1, 4);
		assertThat(first + store.deleteExpired(later, 100)).isGreaterThanOrEqualTo(5);
	}

	@Test
	void aLargeResultIsKeptWhole() {
		TaskStore store = store();
		TaskRecord task = task(newId());
		store.create(task);
		String text = "x".repeat(1024 * 1024);
		TaskRecord done = task.completed("{\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}", NOW);

		assertThat(store.replace(task, done)).isTrue();

		assertThat(store.find(task.id()).orElseThrow().result()).hasSize(done.result().length());
	}

	@ParameterizedTest(name = "{index}")
	@MethodSource("anyTasks")
	void anyTaskIsFoundAsItWasStored(TaskRecord task) {
		TaskStore store = store();

		assertThat(store.create(task)).isTrue();

		assertThat(store.find(task.id())).contains(task);
	}

	/**
	 * Tasks with any text in their parts: JSON parts hold JSON (where every control character is
	 * escaped), text parts any Unicode but U+0000, which no PostgreSQL text holds and the task layer
	 * never writes.
	 */
	static Stream<TaskRecord> anyTasks() {
		return RandomInputs.tries(60, in -> {
			Instant created = Instant.ofEpochMilli(NOW.toEpochMilli() + in.intBetween(-1_000_000, 1_000_000));
			TaskRecord task = TaskRecord.created(newId(), in.orNull(0.3, text(in, 255)), nonEmpty(text(in, 255)),
					json(in), created, Duration.ofMillis(in.intBetween(3_600_000, Integer.MAX_VALUE)),
					Duration.ofMillis(in.intBetween(1, 60_000)), in.orNull(0.3, nonEmpty(text(in, 64))),
					in.orNull(0.3, created.plusMillis(in.intBetween(0, 100_000))));
			return switch (in.intBetween(0, 5)) {
				case 0 -> task;
				case 1 -> task.withStatusMessage(in.orNull(0.2, text(in, 500)), created.plusMillis(1));
				case 2 -> task.requiringInput(json(in), created.plusMillis(1)).answered(in.orNull(0.5, json(in)), json(in),
						created.plusMillis(2));
				case 3 -> task.withCancelRequested(created).completed(json(in), created.plusSeconds(1));
				case 4 -> task.failed(json(in), created.plusSeconds(1));
				default -> task.cancelled(created.plusSeconds(1));
			};
		});
	}

	private static String text(RandomInputs in, int maxLength) {
		return in.anyString(maxLength).replace('\u0000', ' ');
	}

	private static String nonEmpty(String text) {
		return text.isEmpty() ? "x" : text;
	}

	private static String json(RandomInputs in) {
		StringBuilder quoted = new StringBuilder("{\"text\":\"");
		in.anyString(300).codePoints().forEach(c -> {
			if (c == '"' || c == '\\') {
				quoted.append('\\').appendCodePoint(c);
			}
			else if (c < 0x20) {
				quoted.append(String.format("\\u%04x", c));
			}
			else {
				quoted.appendCodePoint(c);
			}
		});
		return quoted.append("\"}").toString();
	}

	private static TaskRecord last(List<TaskRecord> life) {
		return life.get(life.size() - 1);
	}

}
