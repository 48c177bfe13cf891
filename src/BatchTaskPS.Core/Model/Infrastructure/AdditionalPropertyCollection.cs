using System;
using System.Collections;
using System.Collections.Generic;
using BatchTaskPS.Serialization;

namespace BatchTaskPS.Model
{
    /// <summary>
    /// Unknown JSON properties of one object, in input order, each as its raw JSON text. Written back
    /// after the known properties unless the writer is told to leave them out.
    /// </summary>
    public sealed class AdditionalPropertyCollection : IEnumerable<KeyValuePair<string, string>>
    {
        private const int IndexFrom = 8;

        private readonly List<KeyValuePair<string, string>> _items = new List<KeyValuePair<string, string>>(2);

        // Name to position, kept once there are more than a few names, so that an object with many
        // unknown keys reads in linear time.
        private Dictionary<string, int>? _index;

        // Names compared on this thread (a name lookup in the index counts one), for tests that prove
        // the work is linear by counting it instead of timing it. Only diagnostic; never reset here.
        [ThreadStatic]
        internal static long t_nameComparisons;

        /// <summary>Number of unknown properties.</summary>
        public int Count => _items.Count;

        /// <summary>The property names, in order.</summary>
        public IEnumerable<string> Names
        {
            get
            {
                foreach (var kv in _items)
                {
                    yield return kv.Key;
                }
            }
        }

        /// <summary>Gets the raw JSON of a property (exact name), or sets it (the text must be one valid JSON value).</summary>
        public string this[string name]
        {
            get => TryGetJson(name, out string? json) ? json! : throw new KeyNotFoundException("No additional property named '" + name + "'.");
            set => SetJson(name, value);
        }

        /// <summary>True when a property with exactly this name is present.</summary>
        public bool Contains(string name) => IndexOf(name) >= 0;

        public bool TryGetJson(string name, out string? json)
        {
            int i = IndexOf(name);
            json = i >= 0 ? _items[i].Value : null;
            return i >= 0;
        }

        /// <summary>Adds or replaces a property from its raw JSON text, which is checked first.</summary>
        public void SetJson(string name, string json)
        {
            if (name == null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            JsonValueCheck.ThrowIfNotSingleValue(json);
            SetTrusted(name, json);
            FromReaderOnly = false;
        }

        /// <summary>Adds or replaces a property from a plain value (string, number, bool, list, dictionary).</summary>
        public void SetValue(string name, object? value)
        {
            SetTrusted(name, DictionaryTree.ToJsonText(value));
            FromReaderOnly = false;
        }

        /// <summary>
        /// True while every entry came from the reader: names that match no known property, values in
        /// compact canonical form. The writer then needs neither to check names nor to re-read values.
        /// </summary>
        internal bool FromReaderOnly { get; private set; } = true;

        /// <summary>The property's value as a plain tree (ordered dictionaries, lists, strings, numbers, booleans).</summary>
        public object? GetValue(string name) => DictionaryTree.FromJsonText(this[name]);

        public bool Remove(string name)
        {
            int i = IndexOf(name);
            if (i < 0)
            {
                return false;
            }

            _items.RemoveAt(i);
            _index = null;
            if (_items.Count > IndexFrom)
            {
                _index = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int k = 0; k < _items.Count; k++)
                {
                    _index[_items[k].Key] = k;
                }
            }

            return true;
        }

        public void Clear()
        {
            _items.Clear();
            _index = null;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "{" + string.Join(", ", Names) + "}";

        /// <summary>Duplicate names: the last value wins and keeps the first position (as a JSON object read does).</summary>
        internal void SetTrusted(string name, string json)
        {
            int i = IndexOf(name);
            if (i >= 0)
            {
                _items[i] = new KeyValuePair<string, string>(name, json);
                return;
            }

            _items.Add(new KeyValuePair<string, string>(name, json));
            if (_index != null)
            {
                _index[name] = _items.Count - 1;
            }
            else if (_items.Count > IndexFrom)
            {
                t_nameComparisons += _items.Count;
                _index = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int k = 0; k < _items.Count; k++)
                {
                    _index[_items[k].Key] = k;
                }
            }
        }

        internal AdditionalPropertyCollection Copy()
        {
            var c = new AdditionalPropertyCollection { FromReaderOnly = FromReaderOnly };
            c._items.AddRange(_items);
            c._index = _index == null ? null : new Dictionary<string, int>(_index, StringComparer.Ordinal);
            return c;
        }

        internal bool SameAs(AdditionalPropertyCollection? other)
        {
            int n = other?.Count ?? 0;
            if (n != _items.Count)
            {
                return false;
            }

            for (int k = 0; k < n; k++)
            {
                if (!string.Equals(_items[k].Key, other!._items[k].Key, StringComparison.Ordinal) ||
                    !(string.Equals(_items[k].Value, other._items[k].Value, StringComparison.Ordinal) || JsonValueCheck.SameValue(_items[k].Value, other._items[k].Value)))
                {
                    return false;
                }
            }

            return true;
        }

        private int IndexOf(string name)
        {
            if (_index != null)
            {
                t_nameComparisons++;
                return _index.TryGetValue(name, out int at) ? at : -1;
            }

            for (int k = 0; k < _items.Count; k++)
            {
                t_nameComparisons++;
                if (string.Equals(_items[k].Key, name, StringComparison.Ordinal))
                {
                    return k;
                }
            }

            return -1;
        }
    }
}
