package io.github.mcpsessions.internal.streams;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shape of event ids, {@code <streamId>_<sequence>}, shared by the event stores. Not an API. */
public final class EventIds {

	private static final Pattern EVENT_ID = Pattern.compile("([A-Za-z0-9_-]{16,64})_([0-9]{1,19})");

	private EventIds() {
	}

	public static String of(String streamId, long sequence) {
		return streamId + "_" + sequence;
	}

	/** The stream and sequence of {@code eventId}, or {@code null} if it is not an event id. */
	public static Parsed parse(String eventId) {
		if (eventId == null) {
			return null;
		}
		Matcher matcher = EVENT_ID.matcher(eventId);
		if (!matcher.matches()) {
			return null;
		}
		try {
			return new Parsed(matcher.group(1), Long.parseLong(matcher.group(2)));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	public static String checkStreamId(String streamId) {
		if (streamId == null || !EVENT_ID.matcher(streamId + "_0").matches()) {
			throw new IllegalArgumentException("A stream id is 16 to 64 letters, digits, '-' and '_'");
		}
		return streamId;
	}

	public record Parsed(String streamId, long sequence) {
	}

}
