// How the review checker shows a model's class labels: a display name, a
// colour tone (a CSS class) and an order. A model whose labels are exactly
// "0" and "1" reads as a sentiment model: Negative and Positive, in that order.

/** True for a model whose labels are exactly "0" and "1". */
export function isSentiment(modelLabels) {
  return modelLabels.length === 2 && modelLabels.includes('0') && modelLabels.includes('1');
}

const givenName = (names, label) => (Object.hasOwn(names, label) && typeof names[label] === 'string' && names[label].trim() ? names[label].trim() : null);

/**
 * The labels of a loaded model entry (see model-cache.js), as shown:
 * {sentiment, nameOf(label), toneOf(label), order()}. overrides are the
 * display names of the element's labels attribute.
 */
export function labelView(entry, overrides) {
  const { labels } = entry.model;
  const sentiment = isSentiment(labels);
  return {
    sentiment,
    /** The labels attribute's name, else the model's "labels" metadata (capitalised), else Positive/Negative for "1"/"0", else the label. */
    nameOf(label) {
      const fromAttribute = givenName(overrides, label);
      if (fromAttribute) return fromAttribute;
      const fromModel = givenName(entry.names, label);
      if (fromModel) return fromModel[0].toUpperCase() + fromModel.slice(1);
      if (sentiment) return label === '1' ? 'Positive' : 'Negative';
      return label;
    },
    toneOf(label) {
      if (sentiment) return label === '1' ? 'tone-pos' : 'tone-neg';
      return `tone-k${Math.max(0, labels.indexOf(label)) % 6}`;
    },
    /** A fresh array of the labels: Negative before Positive for sentiment models, else model order. */
    order: () => (sentiment ? ['0', '1'] : [...labels]),
  };
}
