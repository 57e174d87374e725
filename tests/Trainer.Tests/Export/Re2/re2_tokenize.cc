// Replays the tokenizer of an exported TwitterSentiment graph with RE2, the regex library TensorFlow's
// StaticRegexReplace kernel uses, following what TensorFlow's kernels do (see Re2Tokenizer.cs for the sources):
//   StringLower, encoding ""   -> A-Z become a-z, every other byte is kept
//   StaticRegexReplace         -> RE2 compiled with default options; GlobalReplace when replace_global, else Replace
//   StringSplit (v1)           -> split on any byte of the delimiter, empty pieces dropped when skip_empty
//   vocabulary lookup          -> table key -> id, default id for any other token; rows padded/truncated like the graph
//
// Usage: re2_tokenize <input file> <output file>. Both files are little-endian and length-prefixed
// ("bytes" = u32 length + raw bytes), so one process handles any number of texts with any bytes in them.
//   input:  "RE2TOK01"; u32 step count, each: u8 kind (0 = StringLower, 1 = StaticRegexReplace), bytes node name,
//           then for 0: bytes encoding; for 1: bytes pattern, bytes rewrite, u8 replace_global;
//           bytes split delimiter; u8 skip_empty; u32 table size, each: bytes key, i64 id; i64 default id;
//           u32 sequence length; u32 text count, each: bytes text
//   output: "RE2OUT01"; u32 text count, each: u32 token count, each: bytes token; then sequence length x i64 ids
// Exit codes: 0 done; 2 a step cannot run in TensorFlow (every such step is named on stderr); 3 unreadable input.
#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

constexpr char kInputMagic[] = "RE2TOK01";
constexpr char kOutputMagic[] = "RE2OUT01";

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ByteReader {
 public:
  explicit ByteReader(std::string data) : data_(std::move(data)) {}

  void ExpectMagic(const std::string& magic) {
    if (Take(magic.size()) != magic) throw InputError("the input does not start with " + magic);
  }
  uint8_t U8() { return static_cast<uint8_t>(Take(1)[0]); }
  uint32_t U32() { return static_cast<uint32_t>(LittleEndian(4)); }
  int64_t I64() { return static_cast<int64_t>(LittleEndian(8)); }
  std::string Bytes() { return Take(U32()); }
  void ExpectEnd() const {
    if (position_ != data_.size()) throw InputError(std::to_string(data_.size() - position_) + " bytes follow the last text");
  }

 private:
  uint64_t LittleEndian(size_t width) {
    const std::string bytes = Take(width);
    uint64_t value = 0;
    for (size_t i = 0; i < width; ++i) value |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[i])) << (8 * i);
    return value;
  }
  std::string Take(size_t count) {
    if (data_.size() - position_ < count) {
      throw InputError("the input ends at byte " + std::to_string(data_.size()) + ", " + std::to_string(count) +
                       " more bytes were expected at byte " + std::to_string(position_));
    }
    std::string out = data_.substr(position_, count);
    position_ += count;
    return out;
  }

  std::string data_;
  size_t position_ = 0;
};

class ByteWriter {
 public:
  void Raw(const std::string& bytes) { out_ += bytes; }
  void U32(uint32_t value) { LittleEndian(value, 4); }
  void I64(int64_t value) { LittleEndian(static_cast<uint64_t>(value), 8); }
  void Bytes(const std::string& bytes) {
    U32(static_cast<uint32_t>(bytes.size()));
    out_ += bytes;
  }
  const std::string& str() const { return out_; }

 private:
  void LittleEndian(uint64_t value, size_t width) {
    for (size_t i = 0; i < width; ++i) out_.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  }
  std::string out_;
};

struct Step {
  uint8_t kind = 0;
  std::string node;
  std::string encoding;
  std::string pattern;
  std::string rewrite;
  bool replace_global = true;
  std::unique_ptr<RE2> regex;
};

// StringLower with encoding "" lower-cases byte by byte, ASCII letters only (UTF-8 sequences never contain A-Z).
void LowerAscii(std::string& text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

// StringSplit (v1): a non-empty delimiter is a set of bytes, any of which separates pieces; an empty delimiter
// gives one piece per byte. The text "" is one empty piece, which skip_empty drops.
std::vector<std::string> Split(const std::string& text, const std::string& delimiter, bool skip_empty) {
  std::vector<std::string> pieces;
  if (delimiter.empty()) {
    for (char c : text) pieces.emplace_back(1, c);
    return pieces;
  }
  size_t start = 0;
  while (true) {
    const size_t end = text.find_first_of(delimiter, start);
    const std::string piece = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!skip_empty || !piece.empty()) pieces.push_back(piece);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return pieces;
}

std::string Quoted(const std::string& bytes) {
  std::ostringstream out;
  out << '"';
  for (unsigned char c : bytes) {
    if (c == '"' || c == '\\') out << '\\' << c;
    else if (c < 0x20) out << "\\x" << std::hex << static_cast<int>(c) << std::dec;
    else out << c;
  }
  out << '"';
  return out.str();
}

// Compiles every regex step; returns one message per step TensorFlow could not run, naming the node.
std::vector<std::string> Prepare(std::vector<Step>& steps) {
  std::vector<std::string> problems;
  for (Step& step : steps) {
    if (step.kind == 0) {
      if (!step.encoding.empty()) {
        problems.push_back(step.node + ": StringLower with encoding " + Quoted(step.encoding) +
                           " is not replayed here (only \"\", ASCII)");
      }
      continue;
    }
    // The kernel constructs RE2(pattern), default options (UTF-8, leftmost-first, case-sensitive); RE2::Quiet is
    // those options without logging, so the only message is ours.
    step.regex = std::make_unique<RE2>(step.pattern, RE2::Quiet);
    if (!step.regex->ok()) {
      problems.push_back(step.node + ": the pattern " + Quoted(step.pattern) + " does not compile in RE2: " +
                         step.regex->error());
      continue;
    }
    std::string rewrite_error;
    if (!step.regex->CheckRewriteString(step.rewrite, &rewrite_error)) {
      // RE2 would then leave every text unchanged (Replace returns false), silently.
      problems.push_back(step.node + ": the rewrite " + Quoted(step.rewrite) + " is not valid for RE2: " + rewrite_error);
    }
  }
  return problems;
}

std::string ReadFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(std::string("cannot open ") + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int Run(const char* input_path, const char* output_path) {
  ByteReader in(ReadFile(input_path));
  in.ExpectMagic(kInputMagic);

  std::vector<Step> steps(in.U32());
  for (Step& step : steps) {
    step.kind = in.U8();
    step.node = in.Bytes();
    if (step.kind == 0) {
      step.encoding = in.Bytes();
    } else if (step.kind == 1) {
      step.pattern = in.Bytes();
      step.rewrite = in.Bytes();
      step.replace_global = in.U8() != 0;
    } else {
      throw InputError(step.node + ": unknown step kind " + std::to_string(step.kind));
    }
  }
  const std::string delimiter = in.Bytes();
  const bool skip_empty = in.U8() != 0;
  std::unordered_map<std::string, int64_t> table;
  const uint32_t table_size = in.U32();
  for (uint32_t i = 0; i < table_size; ++i) {
    std::string key = in.Bytes();
    const int64_t id = in.I64();
    if (!table.emplace(std::move(key), id).second) throw InputError("the table lists a key twice");
  }
  const int64_t default_id = in.I64();
  const uint32_t sequence_length = in.U32();
  std::vector<std::string> texts(in.U32());
  for (std::string& text : texts) text = in.Bytes();
  in.ExpectEnd();

  const std::vector<std::string> problems = Prepare(steps);
  if (!problems.empty()) {
    for (const std::string& problem : problems) std::cerr << problem << '\n';
    return 2;
  }

  std::vector<std::vector<std::string>> tokens;
  tokens.reserve(texts.size());
  size_t widest = 0;
  for (std::string& text : texts) {
    for (const Step& step : steps) {
      if (step.kind == 0) LowerAscii(text);
      else if (step.replace_global) RE2::GlobalReplace(&text, *step.regex, step.rewrite);
      else RE2::Replace(&text, *step.regex, step.rewrite);
    }
    tokens.push_back(Split(text, delimiter, skip_empty));
    widest = std::max(widest, tokens.back().size());
  }

  const auto lookup = [&](const std::string& key) {
    const auto found = table.find(key);
    return found == table.end() ? default_id : found->second;
  };
  ByteWriter out;
  out.Raw(kOutputMagic);
  out.U32(static_cast<uint32_t>(texts.size()));
  for (const std::vector<std::string>& row : tokens) {
    out.U32(static_cast<uint32_t>(row.size()));
    for (const std::string& token : row) out.Bytes(token);
    // The graph densifies the batch to its widest row plus one column, filling with "", looks every cell up,
    // appends sequence_length zeros and keeps the first sequence_length columns.
    for (size_t column = 0; column < sequence_length; ++column) {
      if (column < row.size()) out.I64(lookup(row[column]));
      else if (column < widest + 1) out.I64(lookup(""));
      else out.I64(0);
    }
  }

  std::ofstream file(output_path, std::ios::binary);
  file.write(out.str().data(), static_cast<std::streamsize>(out.str().size()));
  if (!file) throw InputError(std::string("cannot write ") + output_path);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: re2_tokenize <input file> <output file>\n";
    return 3;
  }
  try {
    return Run(argv[1], argv[2]);
  } catch (const InputError& error) {
    std::cerr << "re2_tokenize: " << error.what() << '\n';
    return 3;
  }
}
