using System.Text;

namespace TwitterSentiment.Contracts.Rest;

/// <summary>
/// TF Serving writes non-finite floats as bare NaN, Infinity and -Infinity tokens, which strict JSON parsers
/// (System.Text.Json included) reject. This quotes such tokens outside string literals so the serializer can
/// read them with <c>AllowNamedFloatingPointLiterals</c>.
/// </summary>
internal static class NonFiniteJson
{
    private static readonly string[] Tokens = ["-Infinity", "Infinity", "NaN"];

    public static string QuoteBareTokens(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        StringBuilder? output = null;
        int copiedUpTo = 0;
        bool inString = false;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
                continue;
            }

            if (c is not ('N' or 'I' or '-'))
            {
                continue;
            }

            string? token = MatchToken(json, i);
            if (token is null)
            {
                continue;
            }

            output ??= new StringBuilder(json.Length + 16);
            output.Append(json, copiedUpTo, i - copiedUpTo).Append('"').Append(token).Append('"');
            i += token.Length - 1;
            copiedUpTo = i + 1;
        }

        if (output is null)
        {
            return json;
        }

        return output.Append(json, copiedUpTo, json.Length - copiedUpTo).ToString();
    }

    private static string? MatchToken(string json, int start)
    {
        foreach (string token in Tokens)
        {
            if (string.CompareOrdinal(json, start, token, 0, token.Length) == 0)
            {
                return token;
            }
        }

        return null;
    }
}
