package io.github.mcpsessions.jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.mcpsessions.messaging.SessionMessageBus;

/**
 * Frames longer than one PostgreSQL notification, split into parts and put together again. A part
 * is {@code ~<uuid> <index> <count>\n<text>}. Reassembly is bounded: at most {@value #MAX_INCOMPLETE}
 * frames in parts at once, {@value #MAX_BUFFERED_CHARS} characters held in all, each frame no longer
 * than a frame may be and complete within {@value #PART_AGE_SECONDS} seconds; whatever breaks these
 * bounds or is malformed is dropped and reported, never thrown. Not thread-safe: the bus's listening thread owns it.
 */
final class NotificationParts {

	/** Characters per notification: frames are ASCII, so under PostgreSQL's 8000-byte limit with the header. */
	static final int PART_CHARS = 7800;

	static final int MAX_PARTS = (SessionMessageBus.MAX_FRAME_CHARS + PART_CHARS - 1) / PART_CHARS;

	static final int MAX_INCOMPLETE = 16;

	static final int PART_AGE_SECONDS = 30;

	/** Most characters held in incomplete frames at once: two frames of the largest size. */
	static final int MAX_BUFFERED_CHARS = 2 * SessionMessageBus.MAX_FRAME_CHARS;

	private static final String PART_MARK = "~";

	private static final Pattern HEADER = Pattern.compile("~([0-9a-f-]{36}) (\\d{1,4}) (\\d{1,4})");

	private final Map<String, Parts> incomplete = new HashMap<>();

	private final Consumer<String> dropped;

	private int bufferedChars;

	/** @param dropped told why a part was dropped */
	NotificationParts(Consumer<String> dropped) {
		this.dropped = dropped;
	}

	static boolean isPart(String payload) {
		return payload != null && payload.startsWith(PART_MARK);
	}

	/** The notifications that carry {@code frame}: itself if it fits in one, else its parts. */
	static List<String> split(String frame) {
		if (frame.length() > SessionMessageBus.MAX_FRAME_CHARS) {
			throw new IllegalArgumentException("A frame is longer than " + SessionMessageBus.MAX_FRAME_CHARS + " characters");
		}
		if (frame.length() <= PART_CHARS && !isPart(frame)) {
			return List.of(frame);
		}
		String id = UUID.randomUUID().toString();
		int count = Math.max(2, (frame.length() + PART_CHARS - 1) / PART_CHARS);
		List<String> parts = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			parts.add(PART_MARK + id + " " + i + " " + count + "\n"
					+ frame.substring(Math.min(frame.length(), i * PART_CHARS), Math.min(frame.length(), (i + 1) * PART_CHARS)));
		}
		return parts;
	}

	/** Takes one part; returns the whole frame once its last part is in, else {@code null}. */
	String join(String payload) {
		int newline = payload.indexOf('\n');
		Matcher header = newline < 0 ? null : HEADER.matcher(payload.substring(0, newline));
		if (header == null || !header.matches()) {
			this.dropped.accept("a part with a malformed header");
			return null;
		}
		int index = Integer.parseInt(header.group(2));
		int count = Integer.parseInt(header.group(3));
		String text = payload.substring(newline + 1);
		if (count < 2 || count > MAX_PARTS || index >= count || text.length() > PART_CHARS) {
			this.dropped.accept("a part out of bounds (" + index + " of " + count + ", " + text.length() + " characters)");
			return null;
		}
		String id = header.group(1);
		Parts parts = this.incomplete.get(id);
		if (parts == null) {
			if (this.incomplete.size() >= MAX_INCOMPLETE) {
				this.dropped.accept("more than " + MAX_INCOMPLETE + " frames arriving in parts at once");
				return null;
			}
			parts = new Parts(new String[count], System.nanoTime());
			this.incomplete.put(id, parts);
		}
		if (parts.texts().length != count || parts.texts()[index] != null) {
			forget(id);
			this.dropped.accept("a part contradicting an earlier one of its frame");
			return null;
		}
		if (this.bufferedChars + text.length() > MAX_BUFFERED_CHARS) {
			forget(id);
			this.dropped.accept("more than " + MAX_BUFFERED_CHARS + " characters arriving in parts at once");
			return null;
		}
		parts.texts()[index] = text;
		this.bufferedChars += text.length();
		for (String part : parts.texts()) {
			if (part == null) {
				return null;
			}
		}
		forget(id);
		return String.join("", parts.texts());
	}

	private void forget(String id) {
		Parts parts = this.incomplete.remove(id);
		if (parts != null) {
			for (String text : parts.texts()) {
				this.bufferedChars -= text == null ? 0 : text.length();
			}
		}
	}

	/** Characters held in incomplete frames now. */
	int bufferedChars() {
		return this.bufferedChars;
	}

	/** Drops frames whose parts did not all arrive within {@value #PART_AGE_SECONDS} seconds of the first. */
	void dropStale(long nowNanos) {
		this.incomplete.entrySet()
			.stream()
			.filter(entry -> nowNanos - entry.getValue().startedNanos() > PART_AGE_SECONDS * 1_000_000_000L)
			.map(Map.Entry::getKey)
			.toList()
			.forEach(this::forget);
	}

	/** How many frames are waiting for parts. */
	int incompleteCount() {
		return this.incomplete.size();
	}

	private record Parts(String[] texts, long startedNanos) {
	}

}
