// 数学推导一步步走：从信息量一直走到重参数化技巧，每一步一个图，数字由 wasm 模块实时计算。
// 公式编号与原文一致（docs/MATH.md）；公式本身，以及用 {=名字} 放进文字的式子，都在
// js/maths/tex.js 里，各语言共用。

export default {
  'walk.heading': '一步步看懂数学',
  'walk.lede':
    '本演示所依据的文章（原文称“可变编解码器”）从抛硬币的信息量讲起，一路推导到重参数化技巧，得到变分自编码器。这里沿着同一条路走：每一步只讲一个概念，配一张图，图中的数字都由运行模型的同一套 Rust 代码实时算出。',
  'walk.contents': '目录',
  'walk.stepLabel': '第 {n} 步',
  'walk.equationsLabel': '本步用到的公式',
  'walk.eqLink': '({n})',
  'walk.eqLinkLabel': '公式 {n}',


  'walk.input.drawing': '你在演示页画的数字',
  'walk.input.test': '测试数字 {n}（{name}）',
  'walk.input.none': '还没有手写数字：可以去演示页画一个，或者先用一个测试数字。',
  'walk.input.arrival': '测试数字 {n}（{name}）：你还没有画，所以每一步都先用它。在演示页画一个，你的数字就会取代它。',
  'walk.input.useTest': '用一个测试数字',
  'walk.input.nextTest': '换一个测试数字',
  'walk.input.loading': '正在加载测试数字……',
  'walk.input.failed': '测试数字加载失败：{reason}',
  'walk.input.label': '这几步使用的输入',

  'walk.s1.title': '信息量与熵',
  'walk.s1.text':
    '越出乎意料的结果，带来的信息越多。概率为 p 的结果，信息量是 {=information} 比特(1)：抛一次均匀硬币带来 1 比特信息。熵是每抛一次平均得到的信息量(2)：硬币越均匀，熵越大；结果完全确定时，熵为零。',
  'walk.s1.bias': '正面朝上的概率',
  'walk.s1.readout': '正面的信息量为 {heads} 比特，反面为 {tails} 比特；熵为每次 {entropy} 比特。',
  'walk.s1.figure': '硬币的熵随正面概率变化的曲线；当前硬币 p = {p}，熵为 {entropy} 比特。',

  'walk.s2.title': 'KL 散度',
  'walk.s2.text':
    '两个系统差别有多大？KL 散度(3)按第一个系统的概率加权，衡量第二个系统对每个结果多“意外”。把骰子看成“点 1 / 点 2”，它和硬币对不上；看成“奇数 / 偶数”，均匀硬币和骰子就是同一个系统，KL = 0。把两者对调，数值会变：KL 散度不对称。',
  'walk.s2.bias': '硬币正面朝上的概率',
  'walk.s2.reading': '骰子的看法',
  'walk.s2.faces': '点 1 / 点 2（其余各点算作“都不是”）',
  'walk.s2.parity': '奇数 / 偶数',
  'walk.s2.readout': '骰子相对于硬币的 KL 散度：{forward} 比特；硬币相对于骰子：{backward} 比特。',
  'walk.s2.infinite': '∞',
  'walk.s2.infiniteNote': '无穷大：骰子会掷出硬币认为不可能出现的点数。',
  'walk.s2.figure': '硬币（p = {p}）与骰子在每个结果上的概率柱状图；骰子相对于硬币的 KL 散度为 {forward} 比特。',
  'walk.s2.outcome.face1': '正面 · 点 1',
  'walk.s2.outcome.face2': '反面 · 点 2',
  'walk.s2.outcome.neither': '点 3–6',
  'walk.s2.outcome.odd': '正面 · 奇数',
  'walk.s2.outcome.even': '反面 · 偶数',
  'walk.s2.coin': '硬币',
  'walk.s2.die': '骰子',

  'walk.s3.title': '隐变量与贝叶斯公式',
  'walk.s3.text':
    '三枚硬币正面朝上的概率分别是 1/2、1/3、1/4。随机选中一枚（隐变量 z，每枚概率 1/3），抛一万次，你只看到正面的次数 x。贝叶斯公式(4)把“每枚硬币产生 x 的可能性”变成“到底是哪一枚”的判断；证据 {=px}(5)要对所有 z 求和。当 z 是连续的高维向量时，这个和变成谁也算不出的积分，所以变分自编码器只能去近似。',
  'walk.s3.heads': '一万次中正面的次数',
  'walk.s3.readout': '后验 {=pzx}：硬币 ½ 为 {a}，硬币 ⅓ 为 {b}，硬币 ¼ 为 {c}；{=logpx} 为 {evidence} 纳特。',
  'walk.s3.figure': '出现 {heads} 次正面后三枚硬币的后验概率：{a}、{b}、{c}。',
  'walk.s3.coin.0': '硬币 ½',
  'walk.s3.coin.1': '硬币 ⅓',
  'walk.s3.coin.2': '硬币 ¼',

  'walk.s4.title': '用简单的函数逼近',
  'walk.s4.text':
    '精确的东西算不出来时，就找一个简单的函数，不断调整，让它足够接近。原文的例子(6)：在 0 附近，sin x 可以展开成 {=sinSeries}；每多加一项，曲线就更贴近，拉格朗日余项给出误差的上界。变分自编码器也是这样：用一个简单的高斯分布 {=qzx} 去逼近真实的 {=pzx}。',
  'walk.s4.terms': '展开的项数',
  'walk.s4.x': 'x',
  'walk.s4.readout': '在 x = {x} 处：级数给出 {approx},sin x = {exact}；误差 {error}，不超过 {bound}。',
  'walk.s4.figure': 'sin x（灰色）与取 {terms} 项的泰勒展开（蓝色），范围 −2π 到 2π；标记的 x 为 {x}。',

  'walk.s5.title': '证据下界（ELBO）',
  'walk.s5.text':
    '把 {=qzx} 与真实后验之间的差距写成 KL 散度(7)–(8)，再整理得到(9)：{=logpx} 等于这个 KL 加上一个和式(10)，和式的第二部分正是与先验之间 KL 散度的相反数(11)，于是得到证据下界(12)。KL 散度永远不小于零，所以证据下界总在 {=logpx} 之下，q 越好，下界越高。下面是你的输入：(12)的两项，以及 {=logpx} 本身的估计——从 {=qzx} 抽 K 个点，每个点按 {=importanceWeight} 加权。抽一次 K 个点的估计有噪声；它的平均值随 K 增大，从证据下界往上接近 {=logpx}，图中画的就是这个平均值。',
  'walk.s5.samples': '样本数 K',
  'walk.s5.again': '重新抽样（种子 {seed}）',
  'walk.s5.readout':
    '{=expectedLogLikelihood} = {rec}，KL = {kl}，证据下界 = {elbo} 纳特。对 {groups} 组、每组 K = {k} 个样本取平均，{=logpx} 的估计为 {mean} ± {se} 纳特：比证据下界高 {gap}，这就是它补上的(9)中的 KL 散度。',
  'walk.s5.trend.rises':
    '平均来看，估计值随 K 上升：K = 1 时为 {first}（即抽样得到的证据下界），K = {kmax} 时为 {last}；这是种子 {seed} 的 {draws} 个样本分组后的平均，带子为两倍标准误。单独一次（灰色）在它周围起伏。',
  'walk.s5.trend.flat':
    '平均来看，从 K = 1 到 K = {kmax}，估计值只变了 {spread} 纳特（种子 {seed} 的 {draws} 个样本分组后的平均）：这里 {=qzx} 已经很接近真实后验，证据下界几乎就是 {=logpx}。',
  'walk.s5.figure':
    '用 K 个样本估计 {=logpx} 的平均值（蓝色，带两倍标准误），K 从 1 到 {kmax}，来自种子 {seed} 的 {draws} 个样本：K = 1 时 {first}，K = {kmax} 时 {last}。灰色：单独一次，用前 K 个样本。虚线：KL 用解析式时的证据下界(12)，{elbo} 纳特。',
  'walk.s5.meanLine': '用 K 个样本估计 {=logpx} 的平均值',
  'walk.s5.runLine': '单独一次：前 K 个样本',
  'walk.s5.elboClosed': '证据下界(12)，KL 用解析式',

  'walk.s6.title': '高斯解码器就是平方误差',
  'walk.s6.text':
    '解码器是确定的：同一个 z 总是得到同一个 x′。如果 x 的每个像素等于 x′ 加上标准差为 σ 的高斯噪声(13)，重建项就变成差的平方和除以 2σ²(14)。σ 决定了两项的“汇率”：σ 小，每一点像素误差都很贵，KL 项几乎不算数；σ 大则反过来。',
  'walk.s6.sigma': '解码器噪声 σ',
  'walk.s6.readout':
    '差的平方和为 {sq}；除以 2σ²（σ = {sigma}）得 {term} 纳特，KL 为 {kl} 纳特：重建项占损失的 {share}。',
  'walk.s6.figure': '左：输入每个像素的 {=squaredDifference}。右：平方误差项 {term} 纳特与 KL {kl} 纳特的对比。',
  'walk.s6.barTerm': '(14)',
  'walk.s6.barKl': 'KL (19)',

  'walk.s7.title': 'KL 散度的解析式',
  'walk.s7.text':
    '(12)的第二项不用抽样。{=gaussianQ}，先验为 {=priorOne}，期望(15)经过代换 {=tOfZ}(16)–(17)，化简为 {=klClosed}(18)；编码器输出的是 log σ²，于是写成(19)。验证一下：从 q 中抽样，对 {=logWeight} 取平均，看估计值如何收敛到解析式：抽样越多，两倍标准误的带子越窄地收拢在它周围。',
  'walk.s7.mu': 'μ',
  'walk.s7.logvar': 'log σ²',
  'walk.s7.draws': '抽样次数',
  'walk.s7.readout': '解析式(19)：{closed} 纳特。蒙特卡洛 {n} 次抽样：{estimate} ± {se} 纳特。',
  'walk.s7.figure': '蒙特卡洛估计及 ±2 倍标准误随抽样次数（对数坐标）的变化，横线为解析值 {closed}。',

  'walk.s8.title': '重参数化技巧',
  'walk.s8.text':
    '要从 {=qzx} 中抽样，又要能用梯度训练，就把随机性放到网络外面：先从 {=prior} 抽出 ε，再算 {=reparam}。用原文的比喻，编码器打造了一枚有特定概率的硬币，抽取 ε 就是抛这枚硬币。多抽几次：每个 z 都落在 μ 周围的圆里，解码出来都是你输入的变体。',
  'walk.s8.draw': '重新抽取 ε',
  'walk.s8.readout': 'μ = ({mu})，σ = ({sigma})，ε = ({eps})，于是 {=reparam} = ({z})。',
  'walk.s8.figure':
    '网络结构：x 进入编码器，得到 μ = ({mu}) 和 σ = ({sigma})；抽取 ε = ({eps})；z = ({z}) 进入解码器，得到 x′。右侧是隐空间中已抽到的点。',
  'walk.s8.x': 'x',
  'walk.s8.encoder': '编码器',
  'walk.s8.decoder': '解码器',
  'walk.s8.xprime': 'x′',
  'walk.s8.epsilon': '{=epsprior}',

  'walk.s9.title': '一个点，还是一个圆',
  'walk.s9.text':
    '普通自编码器把你的输入映射成一个点；变分自编码器把它映射成以 μ 为圆心、σ 为半径的一整片区域，并且训练它把区域里的每一点都解码成你的输入。这里两者用同样的缩放画出来，近到能看清变分自编码器的 1σ、2σ、4σ 椭圆；沿着半径的解码图由评判器读出，下面的句子说出每个圆有多少仍解码成你的输入那一类。',
  'walk.s9.radius': '离 μ 的距离（以 σ 为单位）',
  'walk.s9.vaeTitle': '{model}：一个圆',
  'walk.s9.pointTitle': '{model}：一个点',
  'walk.s9.tile': '离 μ {k}σ',
  'walk.s9.probe': 'decode(z)，离 μ {r}σ',
  'walk.s9.probe.plain': 'z = ({z})，沿 z₁ 离 μ {r}σ。',
  'walk.s9.probe.clear': 'z = ({z})，沿 z₁ 离 μ {r}σ：评判器读作 {class}，置信度 {p}。',
  'walk.s9.probe.unsure': 'z = ({z})，沿 z₁ 离 μ {r}σ：评判器认不出清楚的一类（最像 {class}，置信度 {p}）。',
  'walk.s9.readout.stays':
    '评判器把你的重建读作 {class}；在 {model} 的 1σ、2σ、4σ 圆上各 {count} 个点里（种子 {seed}），同样读作它的分别有 {same1}、{same2}、{same4}：直到 4σ，每个圆上至少九成的点都解码成你的{noun}。',
  'walk.s9.readout.reaches4':
    '评判器把你的重建读作 {class}；在 {model} 的圆上各 {count} 个点里（种子 {seed}），1σ 有 {same1}、2σ 有 {same2} 同样读作它，4σ 却只有 {same4}：4σ 的圆伸到了别的{nouns}。',
  'walk.s9.readout.reaches2':
    '评判器把你的重建读作 {class}；在 {model} 的圆上各 {count} 个点里（种子 {seed}），1σ 只有 {same1}、2σ 只有 {same2}、4σ 只有 {same4} 同样读作它：你的输入挨着别的{nouns}。',
  'walk.s9.point.same':
    '{model} 把你的输入放在单独一个点 ({point})。它的 σ 固定为 ({sigma})：离 μ 4σ 只有 {reach} 远，沿半径的解码图完全是同一张。它训练时 ε = 0，只学过解码这个点本身。',
  'walk.s9.point.differs':
    '{model} 把你的输入放在单独一个点 ({point})。它的 σ 固定为 ({sigma})：离 μ 4σ 也只有 {reach} 远，那里的解码图每个像素却相差 {change}。',
  'walk.s9.figure':
    '{model} 的隐空间图，范围从 μ − {half} 到 μ + {half}：附近的测试数字为圆点，你的输入的 1σ 与 2σ 椭圆（σ = {sigma}），4σ 椭圆为虚线，以及离 μ {r}σ 的点。',
  'walk.s9.figurePoint': '同样缩放下（μ ± {half}）{model} 的隐空间图，围绕它给你的输入的编码 ({point})：单独一个点。',
  'walk.s9.failed': '这些圆无法评判：{reason}',

  'walk.end.title': '现在去玩吧',
  'walk.end.text': '上面的一切都能在演示页用你自己的手写数字试：隐空间图、圆、抽样，以及损失(12)、(14)、(19)。',
  'walk.end.link': '带着你的手写数字回到演示页',
};
