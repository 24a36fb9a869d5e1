package io.github.mcpsessions.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Random inputs for property tests run as JUnit parameterized tests: each test asks for a number
 * of tries, and try {@code i} draws its input from a {@link Random} seeded with {@code i}, so a
 * failing try is reproduced by its index alone. The first tries are edge cases (empty text, one
 * character, the longest text), as a property-testing library would try first.
 */
public final class RandomInputs {

	private static final String[] EDGE_CHARACTERS = { "\u0000", "\n", "\r", "\t", " ", "\"", "\\", "{", "}", "[", "]", ":",
			",", "~", ".", "\u00e9", "\u20ac", "\ud83d\ude00", "\uffff" };

	private final Random random;

	private final int index;

	private RandomInputs(int index) {
		this.random = new Random(0x5eed_0000L + index);
		this.index = index;
	}

	/** {@code tries} inputs, each made by {@code input} from its own seeded source. */
	public static <T> Stream<T> tries(int tries, Function<RandomInputs, T> input) {
		return IntStream.range(0, tries).mapToObj(i -> input.apply(new RandomInputs(i)));
	}

	/** Which try this is: 0, 1 and 2 ask for edge cases. */
	public int index() {
		return this.index;
	}

	public Random random() {
		return this.random;
	}

	/**
	 * Any valid Unicode text up to {@code maxLength} UTF-16 units: control characters, quotes,
	 * non-ASCII and supplementary characters included, no lone surrogate (which no UTF-8 text holds).
	 */
	public String anyString(int maxLength) {
		return text(maxLength, false);
	}

	/** Any sequence of UTF-16 units up to {@code maxLength}, lone surrogates included: input for parsers. */
	public String anyUtf16(int maxLength) {
		return text(maxLength, true);
	}

	private String text(int maxLength, boolean loneSurrogates) {
		int length = length(maxLength);
		StringBuilder text = new StringBuilder(length);
		while (text.length() < length) {
			int pick = this.random.nextInt(10);
			String next;
			if (pick < 3) {
				next = EDGE_CHARACTERS[this.random.nextInt(EDGE_CHARACTERS.length)];
			}
			else if (pick < 7) {
				next = String.valueOf((char) (' ' + this.random.nextInt(95)));
			}
			else {
				char any = (char) this.random.nextInt(Character.MAX_VALUE + 1);
				next = !loneSurrogates && Character.isSurrogate(any) ? "?" : String.valueOf(any);
			}
			if (text.length() + next.length() <= length) {
				text.append(next);
			}
			else {
				text.append('x');
			}
		}
		return text.toString();
	}

	/** Text of the characters of {@code chars}, up to {@code maxLength}. */
	public String stringOf(String chars, int maxLength) {
		return string(maxLength, () -> chars.charAt(this.random.nextInt(chars.length())));
	}

	/** Text of characters from {@code first} to {@code last}, up to {@code maxLength}. */
	public String stringIn(char first, char last, int maxLength) {
		return string(maxLength, () -> (char) (first + this.random.nextInt(last - first + 1)));
	}

	private String string(int maxLength, Supplier<Character> character) {
		int length = length(maxLength);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(character.get());
		}
		return text.toString();
	}

	private int length(int maxLength) {
		return switch (this.index) {
			case 0 -> 0;
			case 1 -> Math.min(1, maxLength);
			case 2 -> maxLength;
			default -> this.random.nextInt(10) < 2 ? this.random.nextInt(Math.min(maxLength, 3) + 1)
					: this.random.nextInt(maxLength + 1);
		};
	}

	/** A number from {@code min} to {@code max}, both included, the bounds more often than the rest. */
	public int intBetween(int min, int max) {
		int pick = this.random.nextInt(10);
		if (pick == 0) {
			return min;
		}
		if (pick == 1) {
			return max;
		}
		return min + (int) (this.random.nextDouble() * ((long) max - min + 1));
	}

	/** Any {@code long}, the extremes and small numbers more often than the rest. */
	public long anyLong() {
		return switch (this.random.nextInt(8)) {
			case 0 -> Long.MIN_VALUE;
			case 1 -> Long.MAX_VALUE;
			case 2 -> 0;
			case 3 -> this.random.nextInt(2001) - 1000;
			default -> this.random.nextLong();
		};
	}

	/** One of {@code values}. */
	@SafeVarargs
	public final <T> T oneOf(T... values) {
		return values[this.random.nextInt(values.length)];
	}

	/** What one of {@code makers} makes, each as likely. */
	@SafeVarargs
	public final <T> T oneOf(Supplier<? extends T>... makers) {
		return makers[this.random.nextInt(makers.length)].get();
	}

	/** A list of up to {@code maxSize} elements made by {@code element}. */
	public <T> List<T> listOf(int maxSize, Supplier<T> element) {
		int size = this.index == 0 ? 0 : this.random.nextInt(maxSize + 1);
		List<T> list = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			list.add(element.get());
		}
		return list;
	}

	/** {@code value}, or {@code null} with probability {@code nullChance}. */
	public <T> T orNull(double nullChance, T value) {
		return this.random.nextDouble() < nullChance ? null : value;
	}

	@Override
	public String toString() {
		return "try " + this.index;
	}

}
