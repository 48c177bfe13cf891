using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace BatchTaskPS.Factories
{
    /// <summary>Where the values of placeholders come from (an axis point, a pipeline input).</summary>
    public interface IPlaceholderValues
    {
        /// <summary>True when <paramref name="name"/> (matched ignoring letter case) has a value here.</summary>
        bool TryGetValue(string name, out object? value);
    }

    /// <summary>
    /// A text with placeholders such as <c>{frame}</c> or <c>{frame:D4}</c> (a .NET format after the colon). Only
    /// names that have a value are replaced; any other text in braces (<c>${HOME}</c>, <c>awk '{print $1}'</c>)
    /// is kept as it is.
    /// </summary>
    public sealed class PlaceholderText
    {
        private readonly string _text;
        private readonly List<(int Start, int Length, string Name, string? Format)> _slots;

        private PlaceholderText(string text, List<(int, int, string, string?)> slots)
        {
            _text = text;
            _slots = slots;
        }

        /// <summary>The text as given.</summary>
        public string Text => _text;

        /// <summary>The names used in placeholders, in order (a name may repeat).</summary>
        public IEnumerable<string> Names
        {
            get
            {
                foreach (var slot in _slots)
                {
                    yield return slot.Name;
                }
            }
        }

        /// <summary>True when the text has anything that looks like a placeholder.</summary>
        public bool HasPlaceholders => _slots.Count > 0;

        /// <summary>Finds the placeholders of <paramref name="text"/>: <c>{name}</c> or <c>{name:format}</c>, name = letter or _ then letters, digits, _.</summary>
        public static PlaceholderText Parse(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            var slots = new List<(int, int, string, string?)>();
            int i = 0;
            while ((i = text.IndexOf('{', i)) >= 0)
            {
                int j = i + 1;
                if (j < text.Length && (char.IsLetter(text[j]) || text[j] == '_'))
                {
                    while (j < text.Length && (char.IsLetterOrDigit(text[j]) || text[j] == '_'))
                    {
                        j++;
                    }

                    string name = text.Substring(i + 1, j - i - 1);
                    string? format = null;
                    if (j < text.Length && text[j] == ':')
                    {
                        int close = text.IndexOf('}', j);
                        int open = text.IndexOf('{', j);
                        if (close > j + 1 && (open < 0 || open > close))
                        {
                            format = text.Substring(j + 1, close - j - 1);
                            j = close;
                        }
                    }

                    if (j < text.Length && text[j] == '}')
                    {
                        slots.Add((i, j - i + 1, name, format));
                        i = j + 1;
                        continue;
                    }
                }

                i++;
            }

            return new PlaceholderText(text, slots);
        }

        /// <summary>The text with every placeholder that has a value replaced by the formatted value.</summary>
        /// <exception cref="FormatException">A value does not take its format (<c>{name:D4}</c> for a word).</exception>
        public string Render(IPlaceholderValues values)
        {
            if (_slots.Count == 0)
            {
                return _text;
            }

            var sb = new StringBuilder(_text.Length + 16);
            int at = 0;
            foreach (var slot in _slots)
            {
                if (!values.TryGetValue(slot.Name, out object? value))
                {
                    continue;
                }

                sb.Append(_text, at, slot.Start - at);
                sb.Append(Format(value, slot.Format, slot.Name));
                at = slot.Start + slot.Length;
            }

            return sb.Append(_text, at, _text.Length - at).ToString();
        }

        /// <summary>A value as text: with a format, numbers (and text that reads as a number, as from a CSV) take it.</summary>
        public static string Format(object? value, string? format, string name = "value")
        {
            if (value == null)
            {
                return string.Empty;
            }

            if (format == null)
            {
                return value is IFormattable plain ? plain.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? string.Empty;
            }

            if (value is string s)
            {
                if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole))
                {
                    value = whole;
                }
                else if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
                {
                    value = number;
                }
            }

            if (value is IFormattable formattable)
            {
                try
                {
                    return formattable.ToString(format, CultureInfo.InvariantCulture);
                }
                catch (FormatException e)
                {
                    throw new FormatException("The placeholder {" + name + ":" + format + "} cannot format the value '" + value + "': " + e.Message, e);
                }
            }

            throw new FormatException("The placeholder {" + name + ":" + format + "} has a format, but its value '" + value + "' is not a number or a date.");
        }
    }
}
